package dev.blitz.cli;

import dev.blitz.io.SafeTensors;
import dev.blitz.models.LeNet;
import dev.blitz.optim.Adam;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.SGD;
import dev.blitz.optim.lr.StepLR;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    private final LeNet net = new LeNet();
    private final Optimizer sgd = SGD.builder(net.parameters(), 0.1f).build();

    @Test
    void roundTrip() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 2, 30, net, sgd, null, Map.of("optimizer", "sgd"));
        Checkpoint.Resumed r = Checkpoint.load(file, net, sgd, null, Map.of());
        assertEquals(2, r.epoch());
        assertEquals(30, r.step());
        assertEquals("run-a", r.runId());
    }

    @Test
    void theSchedulesStateComesBackExactlyOnlyWhenTheOptionsAgree() throws IOException {
        Map<String, String> options = Map.of("optimizer", "sgd", "lr", "0.1", "momentum", "0.0",
                "lr_scheduler", "StepLR(step_size=1, gamma=0.7)");
        SGD trained = SGD.builder(net.parameters(), 0.1).build();
        StepLR schedule = new StepLR(trained, 1, 0.7);
        schedule.step();
        schedule.step();
        Path file = Checkpoint.save(dir, "run-a", 2, 30, net, trained, schedule, options);

        SGD fresh = SGD.builder(net.parameters(), 0.1).build();
        StepLR freshSchedule = new StepLR(fresh, 1, 0.7);
        assertTrue(Checkpoint.load(file, net, fresh, freshSchedule, options).scheduleRestored());
        // 0.1 * 0.7 * 0.7 in float64, as the scheduler left it: the checkpoint keeps float64 exactly.
        assertEquals(trained.paramGroups().get(0).lr(), fresh.paramGroups().get(0).lr());
        assertEquals(0.1 * 0.7 * 0.7, fresh.paramGroups().get(0).lr());
        assertEquals(2, freshSchedule.lastEpoch());
        freshSchedule.step();
        schedule.step();
        assertEquals(schedule.getLastLr(), freshSchedule.getLastLr());

        Map<String, String> otherLr = new LinkedHashMap<>(options);
        otherLr.put("lr", "0.2");
        SGD other = SGD.builder(net.parameters(), 0.2).build();
        StepLR otherSchedule = new StepLR(other, 1, 0.7);
        assertFalse(Checkpoint.load(file, net, other, otherSchedule, otherLr).scheduleRestored());
        assertEquals(0.2, other.paramGroups().get(0).lr(), "the command line's learning rate");
        assertEquals(0, otherSchedule.lastEpoch(), "a fresh schedule, for the caller to advance");
    }

    @Test
    void negativeCountsInTheMetadataAreRefused() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 2, 30, net, sgd, null, Map.of("optimizer", "sgd"));
        for (Path f : new Path[] {file, Checkpoint.optimizerFile(file)}) {
            SafeTensors.Contents c = SafeTensors.load(f);
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            meta.put("epoch", "-1");
            SafeTensors.save(c.tensors(), meta, f);
        }
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, net, sgd, null, Map.of()));
        assertEquals(file + ": metadata epoch=-1 step=30 (expected counts >= 0)", e.getMessage());
    }

    @Test
    void aFolderInPlaceOfTheOptimizerStateIsNamed() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 1, 4, net, sgd, null, Map.of("optimizer", "sgd"));
        Path optimizerFile = Checkpoint.optimizerFile(file);
        Files.delete(optimizerFile);
        Files.createDirectory(optimizerFile);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, net, sgd, null, Map.of()));
        assertTrue(e.getMessage().equals(optimizerFile + ": is a directory, not a safetensors file"), e.getMessage());
    }

    @Test
    void stateForAnotherOptimizerNamesTheFile() throws IOException {
        Path file = Checkpoint.save(dir, "run-a", 1, 4, net, sgd, null, Map.of("optimizer", "adam"));
        Path optimizerFile = Checkpoint.optimizerFile(file);
        SafeTensors.save(Map.of("state.0.momentum_buffer", Tensor.zeros(6, 1, 5, 5)),
                SafeTensors.load(optimizerFile).metadata(), optimizerFile);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file, net, new Adam(net.parameters(), 0.01), null, Map.of()));
        assertTrue(e.getMessage().startsWith(optimizerFile + ": Error(s) in loading the state of Adam")
                && e.getMessage().contains("unexpected key \"state.0.momentum_buffer\""), e.getMessage());
    }
}
