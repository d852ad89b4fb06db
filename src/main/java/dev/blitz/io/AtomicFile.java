package dev.blitz.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old contents or the complete new ones: the bytes go to a temporary
 * file beside the target, are flushed to disk, the temporary file is renamed over the target, and the folder is
 * flushed too, so that after a power cut the name points at the new contents. A failure part-way (a full disk, a
 * file-size limit) deletes the temporary file, leaves the target as it was, and names the target in its message.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {
    }

    /** What writes the new contents. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole new contents.
         *
         * @param out the temporary file's buffered stream; flushed and closed by {@link AtomicFile#write}
         * @throws IOException if writing fails; the target is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, creating missing parent folders. Readers see the old
     * file or the complete new one, never a part; a failure leaves the target as it was and no temporary file.
     *
     * @param target the file to write
     * @param writer writes the new contents
     * @throws IOException naming {@code target}, if the folder cannot be made, or writing, flushing or renaming fails
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // Not Files.createTempFile: that makes the file owner-only; this one gets the usual umask permissions.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.createDirectories(dir);
            try {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE_NEW)) {
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    writer.writeTo(out);
                    out.flush();
                    channel.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException | Error e) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new IOException("could not write " + target + ": " + describe(e) + " (" + target
                    + (Files.exists(target) ? " keeps its previous contents)" : " was not created)"), e);
        }
        syncFolder(dir);
    }

    /**
     * Flushes a folder's entries (the rename) to disk. Not every system can open a folder (Windows cannot), and the
     * file itself is already safe, so a folder that cannot be opened is left to the system.
     */
    private static void syncFolder(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("could not flush the folder " + dir + " after writing into it: " + describe(e), e);
        }
    }

    /**
     * An exception in a few words: a file system's own reason ("Is a directory", "No space left on device"), not
     * the temporary file's name, which is gone by the time anyone reads the message.
     */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName() + " " + fs.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
