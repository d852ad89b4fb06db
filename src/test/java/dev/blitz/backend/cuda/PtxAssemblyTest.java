package dev.blitz.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped kernels/blitz.ptx keeps the contract of kernels/README.md: a header every CUDA 12.0+ driver JITs,
 * each kernel with its parameters, assembling with the installed ptxas, and regenerated from blitz.cu.
 */
class PtxAssemblyTest {
    private static final Path PTX = Path.of("kernels/blitz.ptx");

    /** Kernel name to PTX parameter types, in order; a 33-int Strides struct is {@code b8[132]}. */
    private static final Map<String, List<String>> KERNELS = new LinkedHashMap<>();
    private static final String STRIDES = "b8[132]";
    private static final List<String> EVERY_DTYPE = List.of("f32", "f64", "i64", "b8");

    static {
        KERNELS.put("affine_f32", List.of("u32", "u64", "f32", "f32", "u64"));
        KERNELS.put("axpy_f32", List.of("u32", "f32", "u64", "u64"));
        KERNELS.put("sum_to_f32", List.of("u32", "u64", "u64", STRIDES));
        KERNELS.put("mse_none_f32", List.of("u32", "u64", "u64", "u64"));
        KERNELS.put("mse_partial_f32", List.of("u32", "u64", "u64", "u64"));
        KERNELS.put("sum_finish_f32", List.of("u32", "u64", "f32", "u64"));
        KERNELS.put("mse_backward_f32", List.of("u32", "u64", "u64", "u64", "u32", "f32", "u64"));
        KERNELS.put("sgd_f32", List.of("u32", "u64", "u64", "u64", "f32", "f32", "f32", "f32", "u32"));
        KERNELS.put("log_softmax_f32", List.of("u32", "u64", "u32", "u64"));
        KERNELS.put("cross_entropy_f32", List.of("u32", "u64", "u64", "u32", "f32", "f32", "u64", "u64"));
        KERNELS.put("cross_entropy_mean_f32", List.of("u32", "u64", "u32", "u64", "f32", "u64"));
        KERNELS.put("cross_entropy_backward_f32",
                List.of("u32", "u64", "u64", "u64", "u32", "u32", "f32", "f32", "u64"));
        KERNELS.put("adam_f32", List.of("u32", "u64", "u64", "u64", "u64", "u64", "f32", "f32", "f32", "f32", "f32",
                "f32", "f32", "f32", "u32"));
        family("copy_strided", EVERY_DTYPE, "u32", "u64", "u64", STRIDES);
        family("cast", EVERY_DTYPE, "u32", "u64", "u64", "u32");
        family("fill", List.of("f64", "i64"), "u32", "f64", "u64");
        family("binary", List.of("f32", "f64", "i64"), "u32", "u32", "u64", "u64", "u64", STRIDES);
        family("compare", EVERY_DTYPE, "u32", "u32", "u64", "u64", "u64", STRIDES);
        family("unary", EVERY_DTYPE, "u32", "u32", "u64", "f64", "f64", "u64", STRIDES);
        family("where", EVERY_DTYPE, "u32", "u64", "u64", "u64", "u64", STRIDES);
        family("reduce", EVERY_DTYPE, "u32", "u32", "u64", "u32", "u32", "u64", "u32");
        family("index_select", EVERY_DTYPE, "u32", "u64", "u32", "u32", "u64", "u32", "u64");
        family("index_add", List.of("f32", "f64"), "u32", "u64", "u32", "u32", "u64", "u32", "u64");
        family("gather", EVERY_DTYPE, "u32", "u64", "u64", "u64", "u32", STRIDES);
        family("scatter", EVERY_DTYPE, "u32", "u64", "u64", "u64", "u32", "u32", STRIDES);
    }

    /** A general kernel's instantiations, {@code <name>_<dtype>}, all with the same parameters. */
    private static void family(String name, List<String> dtypes, String... params) {
        for (String dtype : dtypes) {
            KERNELS.put(name + "_" + dtype, List.of(params));
        }
    }

    @Test
    void headerLoadsOnEveryCuda12DriverAndSm50Gpu() throws IOException {
        List<String> directives = ptxLines().stream()
                .filter(l -> !l.isBlank() && !l.startsWith("//"))
                .limit(3)
                .toList();
        Matcher version = Pattern.compile("\\.version (\\d+)\\.(\\d+)").matcher(directives.get(0));
        Matcher target = Pattern.compile("\\.target sm_(\\d+)").matcher(directives.get(1));
        assertTrue(version.matches(), "first directive should be .version X.Y, was: " + directives.get(0));
        assertTrue(target.matches(), "second directive should be .target sm_XY alone, was: " + directives.get(1));
        int isa = Integer.parseInt(version.group(1)) * 10 + Integer.parseInt(version.group(2));
        assertTrue(isa <= 80, "PTX ISA " + directives.get(0) + " needs a newer driver than CUDA 12.0 (max 8.0)");
        assertTrue(Integer.parseInt(target.group(1)) <= 52, directives.get(1) + " excludes sm_50/sm_52 GPUs");
        assertEquals(".address_size 64", directives.get(2));
    }

    @Test
    void everyKernelOfTheContractIsAnEntryWithItsParameters() throws IOException {
        Map<String, List<String>> entries = entries(ptxLines());
        assertEquals(KERNELS.keySet(), entries.keySet(), "kernel entries of " + PTX);
        KERNELS.forEach((name, params) -> {
            assertEquals(params.size(), entries.get(name).size(), "parameter count of " + name);
            assertEquals(params, entries.get(name), "parameter types of " + name);
        });
    }

    @Test
    void assemblesForTheOldestGpuThatPtxasKnows() throws Exception {
        Path ptxas = tool("ptxas");
        String help = run(List.of(ptxas.toString(), "--help")).output;
        Optional<String> oldest = Pattern.compile("'(sm_(\\d+))'").matcher(help).results()
                .min(Comparator.comparingInt(m -> Integer.parseInt(m.group(2))))
                .map(m -> m.group(1));
        assertTrue(oldest.isPresent(), "ptxas --help lists no sm_XY");
        assertAssembles(ptxas, oldest.get());
    }

    @Test
    void assemblesForHopper() throws Exception {
        assertAssembles(tool("ptxas"), "sm_90");
    }

    @Test
    void isWhatScriptsBuildKernelsMakesFromBlitzCu(@TempDir Path tmp) throws Exception {
        Path nvcc = tool("nvcc");
        String nvccRelease = run(List.of(nvcc.toString(), "--version")).output.lines()
                .filter(l -> l.startsWith("Cuda compilation tools")).findFirst().orElse("?");
        assumeTrue(ptxLines().contains("// " + nvccRelease),
                "the shipped PTX was made by another nvcc than this one (" + nvccRelease + "): not comparing");
        Path rebuilt = tmp.resolve("blitz.ptx");
        Result build = run(List.of("bash", "scripts/build-kernels", rebuilt.toString()));
        assertEquals(0, build.exitCode, "scripts/build-kernels failed:\n" + build.output);
        assertArrayEquals(Files.readAllBytes(PTX), Files.readAllBytes(rebuilt),
                PTX + " is stale: run scripts/build-kernels and commit the result");
    }

    private static void assertAssembles(Path ptxas, String gpu) throws Exception {
        Path cubin = Files.createTempFile("blitz-" + gpu, ".cubin");
        try {
            Result r = run(List.of(ptxas.toString(), "--gpu-name", gpu, "-o", cubin.toString(), PTX.toString()));
            assertEquals(0, r.exitCode, "ptxas --gpu-name " + gpu + " " + PTX + ":\n" + r.output);
        } finally {
            Files.deleteIfExists(cubin);
        }
    }

    /** Entry name to the types of its {@code .param}s, in order. */
    private static Map<String, List<String>> entries(List<String> lines) {
        Pattern entry = Pattern.compile("\\.visible \\.entry (\\w+)\\(");
        Pattern scalar = Pattern.compile("\\.param \\.(\\w+) \\w+,?");
        Pattern bytes = Pattern.compile("\\.param \\.align \\d+ \\.(\\w+) \\w+\\[(\\d+)\\],?");
        Map<String, List<String>> entries = new LinkedHashMap<>();
        List<String> params = null;
        for (String line : lines) {
            String l = line.strip();
            Matcher m;
            if ((m = entry.matcher(l)).matches()) {
                params = new ArrayList<>();
                entries.put(m.group(1), params);
            } else if (params != null && (m = scalar.matcher(l)).matches()) {
                params.add(m.group(1));
            } else if (params != null && (m = bytes.matcher(l)).matches()) {
                params.add(m.group(1) + "[" + m.group(2) + "]");
            } else if (l.startsWith(")")) {
                params = null;
            }
        }
        return entries;
    }

    private static List<String> ptxLines() throws IOException {
        return Files.readAllLines(PTX, StandardCharsets.UTF_8);
    }

    /** The CUDA tool on PATH or in /usr/local/cuda/bin; skips the test when there is none. */
    private static Path tool(String name) {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
                        Stream.of("/usr/local/cuda/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        assumeTrue(found.isPresent(), name + " is not on PATH nor in /usr/local/cuda/bin: skipped");
        return found.get();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("blitz-tool", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after 120 s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
