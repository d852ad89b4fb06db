package dev.blitz.cli;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests outside this package read a metrics.csv as a resumed run does, without widening MetricsLog. */
public final class ResumedMetrics {
    private ResumedMetrics() {
    }

    /** Starts {@code out} from the first {@code keepEpochs} epochs of {@code history}, as {@code --resume} does. */
    public static void resume(Path history, Path out, int keepEpochs) throws IOException {
        new MetricsLog(out, history, keepEpochs).close();
    }
}
