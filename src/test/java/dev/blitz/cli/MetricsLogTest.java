package dev.blitz.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** metrics.csv as a resumed run reads it: what it keeps, and the clear errors for a log it cannot continue. */
class MetricsLogTest {
    @TempDir
    Path dir;

    /** Two epochs of two steps each, then a third epoch cut off mid-line by a crash. */
    private static final String TWO_EPOCHS = """
            epoch,step,train_loss,test_loss,test_accuracy,lr
            1,1,2.3,,,0.01
            1,2,2.1,,,0.01
            1,2,,1.900000,0.400000,
            2,3,1.8,,,0.007
            2,4,1.6,,,0.007
            2,4,,1.500000,0.550000,
            3,5,1.4,,,0.0049
            3,6,1.""";

    private Path history(String text) throws IOException {
        return Files.writeString(dir.resolve("old.csv"), text);
    }

    private String resume(Path history, int keepEpochs) throws IOException {
        Path out = dir.resolve("metrics.csv");
        try (MetricsLog log = new MetricsLog(out, history, keepEpochs)) {
            log.step(keepEpochs + 1, 99, 0.5f, "0.01");
        }
        return Files.readString(out);
    }

    private String rejection(String text, int keepEpochs) throws IOException {
        Path history = history(text);
        IOException e = assertThrows(IOException.class, () -> resume(history, keepEpochs));
        assertTrue(e.getMessage().startsWith(history + ": "), e.getMessage());
        return e.getMessage().substring(history.toString().length() + 2);
    }

    @Test
    void resumingKeepsTheFinishedEpochsAndDropsTheRest() throws IOException {
        List<String> lines = TWO_EPOCHS.lines().toList();
        assertEquals(String.join("\n", lines.subList(0, 4)) + "\n2,99,0.5,,,0.01\n", resume(history(TWO_EPOCHS), 1));
        assertEquals(String.join("\n", lines.subList(0, 7)) + "\n3,99,0.5,,,0.01\n", resume(history(TWO_EPOCHS), 2));
        assertEquals(MetricsLog.HEADER + "\n1,99,0.5,,,0.01\n", resume(history(TWO_EPOCHS), 0));
        assertEquals(MetricsLog.HEADER + "\n1,99,0.5,,,0.01\n", resume(dir.resolve("absent.csv"), 0), "no history");
    }

    @Test
    void aLogFromBeforeTheLrColumnIsContinuedWithItEmpty() throws IOException {
        String old = """
                epoch,step,train_loss,test_loss,test_accuracy
                1,1,2.3,,
                1,2,2.1,,
                1,2,,1.900000,0.400000
                2,3,1.8,,
                """;
        assertEquals("""
                epoch,step,train_loss,test_loss,test_accuracy,lr
                1,1,2.3,,,
                1,2,2.1,,,
                1,2,,1.900000,0.400000,
                2,99,0.5,,,0.01
                """, resume(history(old), 1));
        assertEquals("line 3: expected 5 fields (" + MetricsLog.HEADER_WITHOUT_LR + "), got 6: \"1,2,2.1,,,0.01\"",
                rejection(old.replace("1,2,2.1,,", "1,2,2.1,,,0.01"), 1));
    }

    @Test
    void keptRowsAreRememberedForThePlot() throws IOException {
        try (MetricsLog log = new MetricsLog(dir.resolve("metrics.csv"), history(TWO_EPOCHS), 2)) {
            assertEquals(List.of(new MetricsLog.Point(1, 2.3), new MetricsLog.Point(2, 2.1),
                    new MetricsLog.Point(3, 1.8), new MetricsLog.Point(4, 1.6)), log.losses());
            assertEquals(List.of(new MetricsLog.Point(1, 0.4), new MetricsLog.Point(2, 0.55)), log.accuracies());
        }
    }

    @Test
    void aLogThatStartsAfterTheCheckpointGivesNothingToKeep() throws IOException {
        String later = MetricsLog.HEADER + "\n3,9,1.2,,,0.1\n3,10,1.1,,,0.1\n";
        assertEquals(MetricsLog.HEADER + "\n2,99,0.5,,,0.01\n", resume(history(later), 1));
    }

    @Test
    void theHeaderMustBeThere() throws IOException {
        assertEquals("line 1 is missing (empty file), expected the header \"" + MetricsLog.HEADER + "\"",
                rejection("", 1));
        assertEquals("line 1 is \"epoch;step\", expected the header \"" + MetricsLog.HEADER + "\"",
                rejection("epoch;step\n", 1));
    }

    @Test
    void malformedRowsAreNamedByLine() throws IOException {
        String header = MetricsLog.HEADER + "\n";
        assertEquals("line 2: expected 6 fields (" + MetricsLog.HEADER + "), got 3: \"1,1,2.3\"",
                rejection(header + "1,1,2.3\n", 1));
        assertEquals("line 2: step \"x\" is not a whole number >= 1", rejection(header + "1,x,2.3,,,0.1\n", 1));
        assertEquals("line 2: epoch \"0\" is not a whole number >= 1", rejection(header + "0,1,2.3,,,0.1\n", 1));
        assertEquals("line 2: train_loss \"0x1p3\" is not a number", rejection(header + "1,1,0x1p3,,,0.1\n", 1));
        assertEquals("line 2: train_loss NaN is not a finite number", rejection(header + "1,1,NaN,,,0.1\n", 1));
        assertEquals("line 2: lr \"fast\" is not a number", rejection(header + "1,1,2.3,,,fast\n", 1));
        assertEquals("line 2: lr Infinity is not a finite number", rejection(header + "1,1,2.3,,,Infinity\n", 1));
        assertEquals("line 2: test_accuracy 1.5 is not in [0, 1]", rejection(header + "1,1,,0.3,1.5,\n", 1));
        assertEquals("line 2: neither a step row (epoch,step,train_loss,,) nor an epoch row "
                + "(epoch,step,,test_loss,test_accuracy): \"1,1,2.3,0.3,,\"", rejection(header + "1,1,2.3,0.3,,\n", 1));
        assertEquals("line 2 is longer than 200 characters; not a metrics log",
                rejection(header + "1".repeat(100_000), 1));
    }

    @Test
    void rowsMustFollowEachOther() throws IOException {
        String start = MetricsLog.HEADER + "\n1,1,2.3,,,0.1\n";
        assertEquals("line 3: the step row of epoch 1, step 3 follows epoch 1, step 1; expected the step row of step 2 "
                + "or epoch 1's end at step 1 (rows missing, repeated or out of order)",
                rejection(start + "1,3,2.1,,,0.1\n1,3,,1.9,0.4,\n", 1));
        assertEquals("line 4: the step row of epoch 1, step 2 follows the end of epoch 1 at step 1; expected the step "
                + "row of epoch 2, step 2 (rows missing, repeated or out of order)",
                rejection(start + "1,1,,1.9,0.4,\n1,2,2.0,,,0.1\n", 2));
    }

    @Test
    void aLogThatEndsBeforeTheCheckpointsEpochIsRefused() throws IOException {
        String oneEpoch = String.join("\n", TWO_EPOCHS.lines().toList().subList(0, 4)) + "\n";
        assertEquals("ends in epoch 1 at step 2, but resuming after epoch 2 needs every row up to the end of that "
                + "epoch (a log of another run? move it away to start a new one)", rejection(oneEpoch, 2));
        assertTrue(rejection(MetricsLog.HEADER + "\n", 1).startsWith("ends before its first row"));
    }

    @Test
    void aFolderIsNotALog() {
        IOException e = assertThrows(IOException.class, () -> resume(dir, 1));
        assertEquals(dir + ": is a directory, not a metrics log", e.getMessage());
    }
}
