package dev.blitz.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReadableFileTest {
    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return assertThrows(IOException.class, () -> ReadableFile.open(file, "an IDX file").close()).getMessage();
    }

    @Test
    void aFolderOrAMissingFileIsNamed() {
        assertEquals(dir + ": is a directory, not an IDX file", refusal(dir));
        assertEquals(dir.resolve("none") + ": does not exist", refusal(dir.resolve("none")));
    }

    @Test
    void aDeviceIsNotAFile() {
        Path device = Path.of("/dev/null");
        assumeTrue(Files.exists(device), "no /dev/null here");
        assertEquals(device + ": is not a regular file (a device or pipe?), not an IDX file", refusal(device));
    }

    @Test
    void anUnreadableFileIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("secret"), new byte[8]);
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(file), "permissions do not stop this user (root)");
        assertEquals(file + ": cannot be read (permission denied)", refusal(file));
    }

    @Test
    void readFullySaysWhenTheFileEndsFirst() throws IOException {
        Path file = Files.write(dir.resolve("six"), new byte[] {1, 2, 3, 4, 5, 6});
        try (FileChannel channel = ReadableFile.open(file, "a test file")) {
            ByteBuffer four = ByteBuffer.allocate(4);
            assertEquals(true, ReadableFile.readFully(channel, 2, four));
            assertEquals(0x03040506, four.getInt(0));
            assertFalse(ReadableFile.readFully(channel, 4, ByteBuffer.allocate(4)));
        }
    }
}
