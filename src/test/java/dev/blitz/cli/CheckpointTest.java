package dev.blitz.cli;

import dev.blitz.io.SafeTensors;
import dev.blitz.models.LeNet;
import dev.blitz.optim.Adam;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    private final LeNet net = new LeNet();
    private final Optimizer sgd = SGD.builder(net.parameters(), 0.1f).build();

    @Test
    void roundTrip() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 2, 30, net, sgd, Map.of("optimizer", "sgd"));
        Checkpoint.Resumed r = Checkpoint.load(file, net, sgd);
        assertEquals(2, r.epoch());
        assertEquals(30, r.step());
        assertEquals("run-a", r.runId());
    }

    @Test
    void negativeCountsInTheMetadataAreRefused() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 2, 30, net, sgd, Map.of("optimizer", "sgd"));
        for (Path f : new Path[] {file, Checkpoint.optimizerFile(file)}) {
            SafeTensors.Contents c = SafeTensors.load(f);
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            meta.put("epoch", "-1");
            SafeTensors.save(c.tensors(), meta, f);
        }
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, net, sgd));
        assertEquals(file + ": metadata epoch=-1 step=30 (expected counts >= 0)", e.getMessage());
    }

    @Test
    void aFolderInPlaceOfTheOptimizerStateIsNamed() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 1, 4, net, sgd, Map.of("optimizer", "sgd"));
        Path optimizerFile = Checkpoint.optimizerFile(file);
        Files.delete(optimizerFile);
        Files.createDirectory(optimizerFile);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, net, sgd));
        assertTrue(e.getMessage().equals(optimizerFile + ": is a directory, not a safetensors file"), e.getMessage());
    }

    @Test
    void stateForAnotherOptimizerNamesTheFile() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 1, 4, net, sgd, Map.of("optimizer", "adam"));
        Path optimizerFile = Checkpoint.optimizerFile(file);
        SafeTensors.save(Map.of("state.0.momentum_buffer", Tensor.zeros(6, 1, 5, 5)),
                SafeTensors.load(optimizerFile).metadata(), optimizerFile);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file, net, new Adam(net.parameters(), 0.01)));
        assertTrue(e.getMessage().startsWith(optimizerFile + ": Error(s) in loading the state of Adam")
                && e.getMessage().contains("unexpected key \"state.0.momentum_buffer\""), e.getMessage());
    }
}
