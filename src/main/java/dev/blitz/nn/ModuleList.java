package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Modules held in a list, registered as children {@code 0}, {@code 1}, ..., as {@code nn.ModuleList}: their
 * parameters belong to the owner (unlike a plain Java list), and the owner's {@code forward} decides how to use
 * them. It prints as PyTorch 2 prints it, runs of equal modules folded into one line
 * ({@code (0-2): 3 x Linear(...)}).
 */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> modules = new ArrayList<>();

    /**
     * A list of {@code modules}, as {@code nn.ModuleList([...])}.
     *
     * @param modules the modules, in order (none for an empty list)
     */
    public ModuleList(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /**
     * A list of {@code modules}, as {@code nn.ModuleList(iterable)}.
     *
     * @param modules the modules, in order
     */
    public ModuleList(Iterable<? extends Module> modules) {
        extend(modules);
    }

    /**
     * Adds {@code module} at the end, named by its position, as {@code append}.
     *
     * @param module the module
     * @return this list
     */
    public ModuleList append(Module module) {
        register(Integer.toString(modules.size()), module);
        modules.add(module);
        return this;
    }

    /**
     * Adds every one of {@code more} at the end, as {@code extend}.
     *
     * @param more the modules, in order
     * @return this list
     */
    public ModuleList extend(Iterable<? extends Module> more) {
        for (Module m : more) {
            append(m);
        }
        return this;
    }

    /**
     * The module at {@code index}, as {@code list[index]}.
     *
     * @param index the position; negative counts from the end
     * @return the module
     * @throws IndexOutOfBoundsException if {@code index} is out of range, as PyTorch's {@code IndexError}
     */
    public Module get(int index) {
        int i = index < 0 ? index + modules.size() : index;
        if (i < 0 || i >= modules.size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range (ModuleList of "
                    + modules.size() + ")");
        }
        return modules.get(i);
    }

    /**
     * How many modules the list holds, as {@code len(list)}.
     *
     * @return the count
     */
    public int size() {
        return modules.size();
    }

    /**
     * The modules in order, as iterating over a {@code ModuleList}.
     *
     * @return an iterator over the modules (removal is not supported)
     */
    @Override
    public Iterator<Module> iterator() {
        return List.copyOf(modules).iterator();
    }

    /**
     * Always fails: a list has no forward of its own, as in PyTorch; the owning module calls its items.
     *
     * @param input unused
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [ModuleList] is missing the required \"forward\" function;"
                + " call its modules from the owning module's forward");
    }

    /** PyTorch's {@code ModuleList.__repr__}: consecutive modules that print alike share one line. */
    @Override
    public String toString() {
        if (modules.isEmpty()) {
            return "ModuleList()";
        }
        StringBuilder sb = new StringBuilder("ModuleList(");
        int start = 0;
        while (start < modules.size()) {
            String repr = modules.get(start).toString();
            int end = start;
            while (end + 1 < modules.size() && modules.get(end + 1).toString().equals(repr)) {
                end++;
            }
            String line = start == end ? "(" + start + "): " + repr
                    : "(" + start + "-" + end + "): " + (end - start + 1) + " x " + repr;
            sb.append("\n  ").append(line.replace("\n", "\n  "));
            start = end + 1;
        }
        return sb.append("\n)").toString();
    }
}
