package dev.blitz.tensor;

/** Where a tensor's memory lives: the CPU, or one CUDA device. */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    public static Device cuda() {
        return cuda(0);
    }

    public boolean isCuda() {
        return type == Type.CUDA;
    }

    /** PyTorch's spelling: {@code cpu}, {@code cuda:0}. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
