package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Modules held by name, in insertion order, registered as children under those names, as {@code nn.ModuleDict}:
 * their parameters belong to the owner, whose {@code forward} decides how to use them.
 */
public class ModuleDict extends Module {

    /** An empty dict, as {@code nn.ModuleDict()}. */
    public ModuleDict() {
    }

    /**
     * A dict of {@code modules} in the map's iteration order (use a {@code LinkedHashMap} or {@code Map.of} of
     * one entry to fix it), as {@code nn.ModuleDict(dict)}.
     *
     * @param modules names to modules; each name non-empty and without '.'
     * @throws IllegalArgumentException if a name is empty or contains '.'
     */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /**
     * Sets the module under {@code name}, replacing (in its place) one already there, as {@code d[name] = m}.
     *
     * @param name a non-empty name without '.'
     * @param module the module
     * @return this dict
     * @throws IllegalArgumentException if the name is empty or contains '.'
     */
    public ModuleDict put(String name, Module module) {
        putChild(name, module);
        return this;
    }

    /**
     * The module under {@code name}, as {@code d[name]}.
     *
     * @param name the name
     * @return the module
     * @throws java.util.NoSuchElementException if there is none, as PyTorch's {@code KeyError}
     */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new java.util.NoSuchElementException("no module named \"" + name + "\" in ModuleDict (keys: "
                    + keys() + ")");
        }
        return m;
    }

    /**
     * Whether a module is held under {@code name}, as {@code name in d}.
     *
     * @param name the name
     * @return true if there is one
     */
    public boolean containsKey(String name) {
        return namedChildren().containsKey(name);
    }

    /**
     * The names in insertion order, as {@code d.keys()}.
     *
     * @return a read-only view of the names
     */
    public Set<String> keys() {
        return namedChildren().keySet();
    }

    /**
     * The modules in insertion order, as {@code d.values()}.
     *
     * @return a new list of the modules themselves
     */
    public List<Module> values() {
        return new ArrayList<>(namedChildren().values());
    }

    /**
     * How many modules the dict holds, as {@code len(d)}.
     *
     * @return the count
     */
    public int size() {
        return namedChildren().size();
    }

    /**
     * Always fails: a dict has no forward of its own, as in PyTorch; the owning module calls its items.
     *
     * @param input unused
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [ModuleDict] is missing the required \"forward\" function;"
                + " call its modules from the owning module's forward");
    }
}
