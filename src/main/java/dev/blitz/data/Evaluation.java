package dev.blitz.data;

import dev.blitz.core.Reduction;
import dev.blitz.tensor.CrossEntropyOp;
import dev.blitz.tensor.GradMode;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * A classifier's score on a dataset: how many predictions (argmax of the logits) match the labels, and the mean
 * cross-entropy. {@link #of} runs the model once over every batch without recording gradients.
 *
 * @param correct how many predictions match their label
 * @param total how many samples were scored
 * @param loss the mean cross-entropy per sample; NaN when {@code total} is 0
 */
public record Evaluation(int correct, int total, double loss) {

    /**
     * Scores {@code model} on one pass over {@code loader} (epoch 0's order), without gradients. Put a module in
     * eval mode first, as PyTorch's evaluation loops do: {@code net.eval(); Evaluation.of(net::forward, loader)}.
     *
     * @param model a classifier giving [N, C] logits for a batch of images
     * @param loader the batches to score, on the model's device
     * @return the number correct, the total, and the mean cross-entropy
     * @throws IllegalArgumentException if the model's output does not fit the labels
     */
    public static Evaluation of(UnaryOperator<Tensor> model, DataLoader loader) {
        int correct = 0;
        int total = 0;
        double lossSum = 0;
        try (var noGrad = GradMode.noGrad(); DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                try (batch; var temporaries = MemoryScope.open()) {
                    Tensor logits = model.apply(batch.images());
                    Tensor loss = CrossEntropyOp.apply(logits, batch.labels(), Reduction.SUM, 0f);
                    correct += correct(logits, batch.labels());
                    total += batch.size();
                    lossSum += loss.item();
                }
            }
        }
        return new Evaluation(correct, total, total == 0 ? Double.NaN : lossSum / total);
    }

    /**
     * How many rows of {@code logits} have their largest value at the class {@code labels} names: PyTorch's
     * {@code (logits.argmax(1) == labels).sum().item()}.
     *
     * @param logits [N, C] scores
     * @param labels [N] int64 class indices
     * @return the count of correct predictions, in {@code [0, N]}
     * @throws IllegalArgumentException if the shapes are not [N, C] and [N]
     */
    public static int correct(Tensor logits, Tensor labels) {
        if (logits.dim() != 2 || labels.dim() != 1 || labels.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("correct: expected logits [N, C] and labels [N], got " + logits.shape()
                    + " and " + labels.shape());
        }
        try (Tensor predicted = logits.argmax(1); Tensor hits = predicted.eq(labels); Tensor count = hits.sum()) {
            return (int) count.itemLong();
        }
    }

    /**
     * The fraction of correct predictions.
     *
     * @return {@code correct / total}, in {@code [0, 1]}; NaN when {@code total} is 0
     */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
