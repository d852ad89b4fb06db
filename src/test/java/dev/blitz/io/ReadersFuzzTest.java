package dev.blitz.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blitz.cli.ResumedMetrics;
import dev.blitz.core.Device;
import dev.blitz.data.Idx;
import dev.blitz.optim.Adam;
import dev.blitz.optim.Optimizer;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file reader, fed arbitrary bytes, either reads them or throws its documented exception: an IOException
 * that names the file (and, where the API documents it, an IllegalArgumentException). Anything else that escapes
 * (StackOverflowError, OutOfMemoryError, NegativeArraySizeException, an index out of bounds) fails the test.
 *
 * <p>A plain {@code mvn test} runs each method on its seed inputs in
 * {@code src/test/resources/dev/blitz/io/ReadersFuzzTestInputs/<method>/} (Jazzer's regression mode). To fuzz one
 * target, e.g. for two minutes:
 * <pre>JAZZER_FUZZ=1 JAZZER_MAX_DURATION=2m mvn test -Dtest='ReadersFuzzTest#safeTensors'</pre>
 * Jazzer keeps the inputs that reach new code in {@code .cifuzz-corpus/} (ignored by git) and writes an input that
 * fails into the seed folder above, where it stays as a regression test once the reader is fixed.
 */
class ReadersFuzzTest {
    @TempDir
    static Path dir;

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertNamesTheFile(Path file, Exception e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()), () -> "the message of " + e
                + " does not name " + file);
    }

    /** A file that loads is all accounted for: the 8-byte length, the header, then exactly the tensors' bytes. */
    @FuzzTest
    void safeTensors(byte[] input) throws IOException {
        Path file = write("fuzz.safetensors", input);
        try {
            Map<String, Tensor> tensors = SafeTensors.load(file, Device.CPU).tensors();
            long headerLength = ByteBuffer.wrap(input, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            // The file's element size, not the loaded tensor's: F16 and BF16 load as float32, I32 as int64.
            Map<?, ?> header = (Map<?, ?>) Json.parse(new String(input, 8, (int) headerLength, StandardCharsets.UTF_8));
            Map<String, Integer> fileSizes = Map.of("F32", 4, "F16", 2, "BF16", 2, "F64", 8, "I64", 8, "I32", 4,
                    "BOOL", 1);
            long dataBytes = 0;
            for (var e : tensors.entrySet()) {
                String dtype = (String) ((Map<?, ?>) header.get(e.getKey())).get("dtype");
                dataBytes += (long) fileSizes.get(dtype) * e.getValue().numel();
                e.getValue().close();
            }
            assertEquals(input.length, 8 + headerLength + dataBytes);
        } catch (IOException e) {
            assertNamesTheFile(file, e);
        }
    }

    @FuzzTest
    void jsonHeader(byte[] input) {
        try {
            Json.parse(new String(input, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains(" at offset "), e.getMessage());
        }
    }

    @FuzzTest
    void idxRaw(byte[] input) throws IOException {
        readIdx(write("fuzz-idx1-ubyte", input));
    }

    @FuzzTest
    void idxGzip(byte[] input) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(input);
        }
        readIdx(write("fuzz-idx1-ubyte.gz", compressed.toByteArray()));
    }

    private static void readIdx(Path file) {
        try {
            Idx idx = Idx.read(file);
            BigInteger count = BigInteger.ONE;
            for (int d : idx.dims()) {
                count = count.multiply(BigInteger.valueOf(d));
            }
            // Exact: a reader whose product wrapped around (to 0, say) would pass a long comparison.
            assertEquals(count, BigInteger.valueOf(idx.data().length), Arrays.toString(idx.dims()));
        } catch (IOException e) {
            assertNamesTheFile(file, e);
        }
    }

    /**
     * The state of an SGD with momentum and of an Adam, each over parameters of shapes [2, 3] and [3]; state that
     * loads is what the optimizer then has (its per-parameter state exactly; the groups' values are there whether
     * the file had them or not).
     */
    @FuzzTest
    void optimizerState(byte[] input) throws IOException {
        Path file = write("fuzz.optim.safetensors", input);
        List<Tensor> params = List.of(Tensor.zeros(2, 3).requiresGrad(true), Tensor.zeros(3).requiresGrad(true));
        for (Optimizer optimizer : List.of(SGD.builder(params, 0.1f).momentum(0.9f).build(), new Adam(params, 0.1f))) {
            try {
                Map<String, Tensor> state = SafeTensors.load(file, Device.CPU).tensors();
                optimizer.loadStateDict(state);
                Set<String> after = optimizer.stateDict().keySet();
                assertTrue(after.containsAll(state.keySet()), () -> state.keySet() + " loaded, " + after + " kept");
                assertEquals(state.keySet().stream().filter(k -> k.startsWith("state.")).collect(Collectors.toSet()),
                        after.stream().filter(k -> k.startsWith("state.")).collect(Collectors.toSet()));
            } catch (IOException e) {
                assertNamesTheFile(file, e);
            } catch (IllegalArgumentException e) {
                // Documented: a well-formed file whose state does not fit this optimizer.
                assertTrue(e.getMessage().startsWith("Error(s) in loading the state of "), e.getMessage());
            }
        }
    }

    /**
     * A history that is accepted is copied as its first lines: nothing changed, nothing skipped in between (a log
     * from before the lr column gains it, empty).
     */
    @FuzzTest
    void metricsLog(byte[] input) throws IOException {
        Path history = write("fuzz-metrics.csv", input);
        List<String> lines = new ArrayList<>(new String(input, StandardCharsets.ISO_8859_1).lines().toList());
        if (!lines.isEmpty() && lines.get(0).equals("epoch,step,train_loss,test_loss,test_accuracy")) {
            for (int i = 0; i < lines.size(); i++) {
                lines.set(i, lines.get(i) + (i == 0 ? ",lr" : ","));
            }
        }
        for (int keepEpochs : new int[] {0, 1, 3}) {
            Path out = dir.resolve("metrics.csv");
            try {
                ResumedMetrics.resume(history, out, keepEpochs);
                List<String> kept = Files.readAllLines(out, StandardCharsets.ISO_8859_1);
                assertEquals(lines.subList(0, Math.min(kept.size(), lines.size())), kept);
            } catch (IOException e) {
                assertNamesTheFile(history, e);
            }
        }
    }
}
