package dev.blitz.backend.cuda;

import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.ReduceOp;
import dev.blitz.backend.UnaryOp;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java enums are the table of record for what the launcher and kernels/blitz.cu must agree on by name or
 * number: {@link Kernel} for the kernels, {@link BinaryOpCode}, {@link UnaryOpCode}, {@link ReduceOpCode},
 * {@link DTypeCode}, {@link SgdFlag} and {@link AdamFlag} for the codes and flag bits. This holds them against both
 * sides, both ways, without a GPU: the entries of kernels/blitz.ptx, the launches in this package's sources, and
 * the {@code #define}s of kernels/blitz.cu; and the op codes against the SPI's enums, one code per constant.
 * Paths are relative to the project root, surefire's working directory.
 */
class KernelTableTest {
    private static final Path PTX = Path.of("kernels/blitz.ptx");
    private static final Path CU = Path.of("kernels/blitz.cu");
    private static final Path SOURCES = Path.of("src/main/java/dev/blitz/backend/cuda");
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(");
    private static final Pattern LAUNCH = Pattern.compile("\\bKernel\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern DEFINE =
            Pattern.compile("^\\s*#define\\s+((BINARY|UNARY|REDUCE|DTYPE|SGD|ADAM)_\\w+)\\s+(\\S+)\\s*$",
                    Pattern.MULTILINE);

    /** A constant of a Java table, as blitz.cu must spell it: {@code #define <define> <value>}. */
    private record Constant(String define, String javaName, int value) {
    }

    /** Every code and flag of the Java tables; the #define prefixes are those DEFINE looks for. */
    private static List<Constant> javaConstants() {
        List<Constant> out = new ArrayList<>();
        for (BinaryOpCode c : BinaryOpCode.values()) {
            out.add(new Constant("BINARY_" + c.name(), "BinaryOpCode." + c.name(), c.code));
        }
        for (UnaryOpCode c : UnaryOpCode.values()) {
            out.add(new Constant("UNARY_" + c.name(), "UnaryOpCode." + c.name(), c.code));
        }
        for (ReduceOpCode c : ReduceOpCode.values()) {
            out.add(new Constant("REDUCE_" + c.name(), "ReduceOpCode." + c.name(), c.code));
        }
        for (DTypeCode c : DTypeCode.values()) {
            out.add(new Constant("DTYPE_" + c.name(), "DTypeCode." + c.name(), c.code));
        }
        for (SgdFlag f : SgdFlag.values()) {
            out.add(new Constant("SGD_" + f.name(), "SgdFlag." + f.name(), f.bit));
        }
        for (AdamFlag f : AdamFlag.values()) {
            out.add(new Constant("ADAM_" + f.name(), "AdamFlag." + f.name(), f.bit));
        }
        return out;
    }

    @Test
    void everyConstantOfTheSpiHasItsCodeAndNoCodeIsExtra() {
        assertEquals(names(BinaryOp.values()), names(BinaryOpCode.values()));
        assertEquals(names(UnaryOp.values()), names(UnaryOpCode.values()));
        assertEquals(names(ReduceOp.values()), names(ReduceOpCode.values()));
        assertEquals(names(DType.values()), names(DTypeCode.values()));
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(op.name(), BinaryOpCode.of(op).name());
        }
    }

    private static List<String> names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).toList();
    }

    @Test
    void thePtxHasExactlyTheKernelsOfTheTable() throws IOException {
        TreeSet<String> entries = new TreeSet<>();
        Matcher m = ENTRY.matcher(Files.readString(PTX, StandardCharsets.UTF_8));
        while (m.find()) {
            entries.add(m.group(1));
        }
        TreeSet<String> table = new TreeSet<>();
        for (Kernel k : Kernel.values()) {
            table.add(k.ptxName);
        }
        List<String> errors = new ArrayList<>();
        for (String name : entries) {
            if (!table.contains(name)) {
                errors.add(PTX + " has kernel " + name + ", which the Kernel enum lacks (launch it through a new"
                        + " Kernel constant, or delete it from " + CU + " and run scripts/build-kernels)");
            }
        }
        for (Kernel k : Kernel.values()) {
            if (!entries.contains(k.ptxName)) {
                errors.add("Kernel." + k + " names " + k.ptxName + ", which " + PTX + " lacks (no .entry "
                        + k.ptxName + "; add it to " + CU + " and run scripts/build-kernels)");
            }
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    @Test
    void everyKernelOfTheTableIsLaunched() throws IOException {
        TreeSet<String> referenced = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (file.getFileName().toString().equals("Kernel.java")) {
                    continue;
                }
                String code = COMMENT.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll(" ");
                LAUNCH.matcher(code).results().forEach(r -> referenced.add(r.group(1)));
            }
        }
        List<String> errors = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            if (!referenced.contains(k.name())) {
                errors.add("Kernel." + k + " (" + k.ptxName + ") is never launched: no Java code in " + SOURCES
                        + "/*.java other than Kernel.java mentions Kernel." + k
                        + " (launch it, or delete it from Kernel and " + CU + ")");
            }
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    @Test
    void everyCodeAndFlagIsDefinedAlikeInBlitzCu() throws IOException {
        Map<String, String> defines = new TreeMap<>();
        Matcher m = DEFINE.matcher(Files.readString(CU, StandardCharsets.UTF_8));
        while (m.find()) {
            defines.put(m.group(1), m.group(3));
        }
        List<String> errors = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        for (Constant c : javaConstants()) {
            known.add(c.define());
            String value = defines.get(c.define());
            if (value == null) {
                errors.add(c.javaName() + " = " + c.value() + " has no #define " + c.define() + " " + c.value()
                        + " in " + CU);
            } else if (!value.equals(Integer.toString(c.value()))) {
                errors.add(c.javaName() + " = " + c.value() + " but " + CU + " has #define " + c.define() + " "
                        + value);
            }
        }
        for (Map.Entry<String, String> d : defines.entrySet()) {
            if (!known.contains(d.getKey())) {
                errors.add(CU + " has #define " + d.getKey() + " " + d.getValue() + ", which no Java table has"
                        + " (BinaryOpCode, UnaryOpCode, ReduceOpCode, DTypeCode, SgdFlag, AdamFlag: add the constant"
                        + " there)");
            }
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }
}
