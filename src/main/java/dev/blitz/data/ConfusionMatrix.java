package dev.blitz.data;

import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How often each class was predicted as each class: {@code count(t, p)} samples of true class {@code t} were
 * predicted as {@code p}, so the diagonal holds the correct predictions and row {@code t} all samples of class
 * {@code t} (scikit-learn's {@code confusion_matrix} orientation). {@link #of} fills one from a model and a loader;
 * {@code dev.blitz.viz.ConfusionMatrixPlot} draws it. Not thread-safe.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    /**
     * An empty matrix.
     *
     * @param classes the class names, indexed by label; at least one
     * @throws IllegalArgumentException if {@code classes} is empty
     */
    public ConfusionMatrix(List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("ConfusionMatrix: expected at least one class name, got none");
        }
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /**
     * Runs {@code model} once over {@code loader} (epoch 0's order) without gradients and counts its predictions,
     * the argmax of each row of logits. Put a module in eval mode first.
     *
     * @param model a classifier giving [N, C] logits for a batch of images
     * @param loader the batches to score, on the model's device
     * @param classes the class names, C of them
     * @return the filled matrix
     * @throws IllegalArgumentException if the logits are not [N, C] for the batch's N labels, or a label is not a class
     */
    public static ConfusionMatrix of(UnaryOperator<Tensor> model, DataLoader loader, List<String> classes) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        try (var noGrad = GradMode.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                try (batch; var temporaries = MemoryScope.open()) {
                    m.add(model.apply(batch.images()), batch.labels());
                }
            }
        }
        return m;
    }

    /**
     * Counts a batch: the prediction for row {@code i} is the argmax of {@code logits[i]}.
     *
     * @param logits [N, C] scores, C the number of classes
     * @param labels [N] class indices
     * @throws IllegalArgumentException if the shapes are not [N, C] and [N], or a label is outside [0, C)
     */
    public void add(Tensor logits, Tensor labels) {
        if (logits.dim() != 2 || logits.size(1) != counts.length || labels.dim() != 1
                || labels.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("ConfusionMatrix.add: expected logits [N, " + counts.length
                    + "] and labels [N], got " + logits.shape() + " and " + labels.shape());
        }
        long[] predicted;
        try (Tensor argmax = logits.argmax(1)) {
            predicted = argmax.toLongArray();
        }
        long[] truth = labels.toLongArray();
        for (long t : truth) {
            checkClass("label", t);
        }
        for (int i = 0; i < truth.length; i++) {
            counts[(int) truth[i]][(int) predicted[i]]++;
        }
    }

    /**
     * Counts one sample.
     *
     * @param trueClass its label
     * @param predicted the class it was predicted as
     * @throws IllegalArgumentException if either is outside [0, C)
     */
    public void add(int trueClass, int predicted) {
        checkClass("label", trueClass);
        checkClass("prediction", predicted);
        counts[trueClass][predicted]++;
    }

    private void checkClass(String what, long c) {
        if (c < 0 || c >= counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + what + " " + c + " is not a class; expected 0 to "
                    + (counts.length - 1));
        }
    }

    /** {@return the class names, indexed by label} */
    public List<String> classes() {
        return classes;
    }

    /**
     * One cell.
     *
     * @param trueClass the row
     * @param predicted the column
     * @return how many samples of {@code trueClass} were predicted as {@code predicted}
     */
    public long count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /**
     * The samples of one class.
     *
     * @param trueClass the class
     * @return the sum of its row
     */
    public long support(int trueClass) {
        long n = 0;
        for (long c : counts[trueClass]) {
            n += c;
        }
        return n;
    }

    /** {@return all samples counted} */
    public long total() {
        long n = 0;
        for (int t = 0; t < counts.length; t++) {
            n += support(t);
        }
        return n;
    }

    /** {@return the correct predictions, the sum of the diagonal} */
    public long correct() {
        long n = 0;
        for (int t = 0; t < counts.length; t++) {
            n += counts[t][t];
        }
        return n;
    }

    /** {@return {@code correct() / total()}; NaN when nothing was counted} */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /**
     * The accuracy on one class (its recall): the share of its samples predicted as it, as the PyTorch CIFAR-10
     * tutorial's "Accuracy for class".
     *
     * @param trueClass the class
     * @return {@code count(c, c) / support(c)}; NaN when the class has no samples
     */
    public double classAccuracy(int trueClass) {
        long n = support(trueClass);
        return n == 0 ? Double.NaN : (double) counts[trueClass][trueClass] / n;
    }

    /** The counts as a table: one row per true class, one column per predicted class. */
    @Override
    public String toString() {
        int nameWidth = "true\\pred".length();
        long max = 0;
        for (int t = 0; t < counts.length; t++) {
            nameWidth = Math.max(nameWidth, classes.get(t).length());
            for (long c : counts[t]) {
                max = Math.max(max, c);
            }
        }
        int cell = Math.max(Long.toString(max).length(), 3) + 1;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", "true\\pred"));
        for (int p = 0; p < counts.length; p++) {
            s.append(String.format(Locale.ROOT, "%" + cell + "d", p));
        }
        for (int t = 0; t < counts.length; t++) {
            s.append('\n').append(String.format(Locale.ROOT, "%-" + nameWidth + "s", classes.get(t)));
            for (long c : counts[t]) {
                s.append(String.format(Locale.ROOT, "%" + cell + "d", c));
            }
        }
        return s.toString();
    }
}
