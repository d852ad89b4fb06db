package dev.blitz.optim.lr;

/**
 * The 1cycle schedule as PyTorch's documentation and {@code OneCycleLR.get_lr} define it, computed directly for
 * one step (it has no recursive form): phases end at steps {@code pct_start * total - 1} and {@code total - 1}
 * (three phases: {@code pct_start * total - 1}, {@code 2 * pct_start * total - 2}, {@code total - 1}); within a
 * phase, {@code pct} runs from 0 to 1 and the value anneals from the phase's start to its end.
 */
record OneCycleReference(int total, double maxLr, double pctStart, double divFactor, double finalDivFactor,
                         boolean threePhase, boolean cosine, double baseMomentum, double maxMomentum) {

    static OneCycleReference defaults(int total, double maxLr) {
        return new OneCycleReference(total, maxLr, 0.3, 25, 1e4, false, true, 0.85, 0.95);
    }

    /** {@return the learning rate and the momentum (or beta1) at {@code step}, 0 being the first} */
    double[] at(int step) {
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double[] ends = threePhase
                ? new double[] {pctStart * total - 1, 2 * pctStart * total - 2, total - 1}
                : new double[] {pctStart * total - 1, total - 1};
        double[][] lrs = threePhase
                ? new double[][] {{initial, maxLr}, {maxLr, initial}, {initial, min}}
                : new double[][] {{initial, maxLr}, {maxLr, min}};
        double[][] momenta = threePhase
                ? new double[][] {{maxMomentum, baseMomentum}, {baseMomentum, maxMomentum}, {maxMomentum, maxMomentum}}
                : new double[][] {{maxMomentum, baseMomentum}, {baseMomentum, maxMomentum}};
        double start = 0;
        int phase = 0;
        while (phase < ends.length - 1 && step > ends[phase]) {
            start = ends[phase];
            phase++;
        }
        double pct = (step - start) / (ends[phase] - start);
        return new double[] {anneal(lrs[phase][0], lrs[phase][1], pct),
                anneal(momenta[phase][0], momenta[phase][1], pct)};
    }

    private double anneal(double from, double to, double pct) {
        return cosine ? to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
    }
}
