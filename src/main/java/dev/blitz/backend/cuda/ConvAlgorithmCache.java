package dev.blitz.backend.cuda;

import dev.blitz.backend.ConvGeometry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The convolution algorithms a device has chosen, per direction and geometry, and the small text file that keeps
 * them for a later process ({@code Blitz.saveAlgorithmCache} / {@code loadAlgorithmCache}), so it does not search
 * again and runs what this one ran. A choice is only as good as the GPU, driver and cuDNN that timed it, so the file
 * names them and a file from another is not loaded:
 * <pre>
 * blitz-conv-algorithms 1
 * gpu NVIDIA H200
 * driver 13000
 * cudnn 91400
 * forward 64 1 28 28 6 5 5 1 1 0 0 1 1 1 algo 1 workspace 0 deterministic
 * backward-filter 64 6 12 12 16 5 5 1 1 0 0 1 1 1 algo 3 workspace 4096 nondeterministic
 * </pre>
 * The fourteen numbers are {@link ConvGeometry}'s components in order.
 */
final class ConvAlgorithmCache {
    static final String FORMAT = "blitz-conv-algorithms 1";

    /**
     * What the choices are valid for.
     *
     * @param gpu the device name, e.g. {@code NVIDIA H200}
     * @param driver the driver's CUDA version, e.g. 13000
     * @param cudnn cuDNN's version number, e.g. 91400
     */
    record Identity(String gpu, int driver, long cudnn) {
        @Override
        public String toString() {
            return gpu + ", driver " + driver + ", cuDNN " + cudnn;
        }
    }

    private record Key(ConvDirection direction, ConvGeometry geometry) {
    }

    private final Identity identity;
    private final Map<Key, ConvAlgorithm> choices = new ConcurrentHashMap<>();

    ConvAlgorithmCache(Identity identity) {
        this.identity = identity;
    }

    ConvAlgorithm get(ConvDirection direction, ConvGeometry g) {
        return choices.get(new Key(direction, g));
    }

    void put(ConvDirection direction, ConvGeometry g, ConvAlgorithm algorithm) {
        choices.put(new Key(direction, g), algorithm);
    }

    int size() {
        return choices.size();
    }

    /**
     * Writes every choice to {@code file}, replacing it only once the new file is complete.
     *
     * @param file where to write
     * @return how many choices it holds
     * @throws IOException if it cannot be written (an existing file is then left as it was)
     */
    int save(Path file) throws IOException {
        StringBuilder text = new StringBuilder(FORMAT).append('\n')
                .append("gpu ").append(identity.gpu).append('\n')
                .append("driver ").append(identity.driver).append('\n')
                .append("cudnn ").append(identity.cudnn).append('\n');
        List<Map.Entry<Key, ConvAlgorithm>> entries = new ArrayList<>(choices.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<Key, ConvAlgorithm> e) -> e.getKey().direction)
                .thenComparing(e -> e.getKey().geometry.toString()));
        for (var e : entries) {
            ConvGeometry g = e.getKey().geometry;
            ConvAlgorithm a = e.getValue();
            text.append(e.getKey().direction.label);
            for (int v : components(g)) {
                text.append(' ').append(v);
            }
            text.append(" algo ").append(a.algo()).append(" workspace ").append(a.workspace())
                    .append(a.deterministic() ? " deterministic" : " nondeterministic").append('\n');
        }
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return entries.size();
    }

    /**
     * Adds the choices in {@code file}, unless it was made on another GPU, driver or cuDNN.
     *
     * @param file a file {@link #save} wrote
     * @return how many choices were added: 0 for another device's file (a line on standard error says whose)
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not such a file, naming the line and what was expected there
     */
    int load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 4 || !lines.get(0).equals(FORMAT)) {
            throw new IllegalArgumentException(file + " is not a convolution algorithm cache: its first line is "
                    + (lines.isEmpty() ? "missing" : "\"" + lines.get(0) + "\"") + ", expected \"" + FORMAT
                    + "\" and then gpu, driver and cudnn lines");
        }
        Identity made;
        try {
            made = new Identity(header(lines.get(1), "gpu"), Integer.parseInt(header(lines.get(2), "driver")),
                    Long.parseLong(header(lines.get(3), "cudnn")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": the driver and cudnn lines must hold whole numbers ("
                    + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        if (!made.equals(identity)) {
            System.err.println("blitz: not loading " + file + ": made for " + made + ", this is " + identity
                    + "; the algorithms will be searched again");
            return 0;
        }
        Map<Key, ConvAlgorithm> read = new HashMap<>();
        for (int i = 4; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                parseEntry(lines.get(i), read);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage() + " in \""
                        + lines.get(i) + "\"; expected DIRECTION (forward, backward-data, backward-filter), 14 "
                        + "geometry numbers, algo N, workspace BYTES, deterministic|nondeterministic");
            }
        }
        choices.putAll(read);
        return read.size();
    }

    private static String header(String line, String name) {
        if (!line.startsWith(name + " ") || line.length() == name.length() + 1) {
            throw new IllegalArgumentException("expected a line \"" + name + " ...\", got \"" + line + "\"");
        }
        return line.substring(name.length() + 1);
    }

    private static void parseEntry(String line, Map<Key, ConvAlgorithm> into) {
        String[] f = line.trim().split(" +");
        if (f.length != 20) {
            throw new IllegalArgumentException(f.length + " fields, not 20");
        }
        ConvDirection direction = ConvDirection.of(f[0]);
        if (direction == null) {
            throw new IllegalArgumentException("unknown direction \"" + f[0] + "\"");
        }
        if (!f[15].equals("algo") || !f[17].equals("workspace")
                || !(f[19].equals("deterministic") || f[19].equals("nondeterministic"))) {
            throw new IllegalArgumentException("misplaced field names");
        }
        int[] v = new int[14];
        for (int k = 0; k < 14; k++) {
            v[k] = Integer.parseInt(f[k + 1]);
        }
        ConvGeometry g = new ConvGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13]);
        into.put(new Key(direction, g), new ConvAlgorithm(Integer.parseInt(f[16]), Long.parseLong(f[18]),
                f[19].equals("deterministic")));
    }

    private static int[] components(ConvGeometry g) {
        return new int[] {g.batch(), g.inChannels(), g.inH(), g.inW(), g.outChannels(), g.kernelH(), g.kernelW(),
            g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(), g.dilationW(), g.groups()};
    }
}
