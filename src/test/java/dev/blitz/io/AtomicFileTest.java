package dev.blitz.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFileTest {
    @TempDir
    Path dir;

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("metrics.csv");
        write(file, "old");
        write(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("metrics.csv"), files());
    }

    @Test
    void aFullDiskKeepsThePreviousFileAndNamesIt() throws IOException {
        Path file = dir.resolve("checkpoint-epoch-2.safetensors");
        write(file, "epoch 2");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals("could not write " + file + ": No space left on device (" + file
                + " keeps its previous contents)", e.getMessage());
        assertEquals("epoch 2", Files.readString(file));
        assertEquals(List.of("checkpoint-epoch-2.safetensors"), files(), "no temporary file is left behind");
    }

    @Test
    void aFailedFirstWriteCreatesNothing() {
        Path file = dir.resolve("plot.png");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            throw new IOException("File too large");
        }));
        assertEquals("could not write " + file + ": File too large (" + file + " was not created)", e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("checkpoint-epoch-1.safetensors");
        Files.createDirectories(file.resolve("in-the-way"));
        IOException e = assertThrows(IOException.class, () -> write(file, "epoch 1"));
        assertEquals("could not write " + file + ": Is a directory (" + file
                + " keeps its previous contents)", e.getMessage());
        assertEquals(List.of("checkpoint-epoch-1.safetensors"), files());
    }

    @Test
    void aBugInTheWriterPassesThroughAndLeavesNoTemporaryFile() throws IOException {
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class,
                () -> AtomicFile.write(dir.resolve("a.bin"), out -> {
                    throw bug;
                })));
        assertEquals(List.of(), files());
    }
}
