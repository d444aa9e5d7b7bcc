package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;
import io.m3j.engine.io.StateDictUnpickler.StorageRef;
import io.m3j.engine.io.StateDictUnpickler.TensorRef;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A PyTorch zip checkpoint ({@code torch.save} of a state dict since torch 1.6: {@code pytorch_model.bin},
 * bge-m3's {@code colbert_linear.pt} / {@code sparse_linear.pt}). The file is memory-mapped; the pickle
 * is read by {@link StateDictUnpickler}, which executes nothing, and contiguous tensors are slices of
 * the (stored, uncompressed) storage entries. Nested dicts are flattened with '.'-joined keys.
 */
public final class TorchCheckpoint implements Weights {
    private final MappedFile file;
    private final Map<String, Tensor> tensors;

    private TorchCheckpoint(MappedFile file, Map<String, Tensor> tensors) {
        this.file = file;
        this.tensors = tensors;
    }

    public static TorchCheckpoint open(Path path) {
        MappedFile file = MappedFile.open(path);
        try {
            return new TorchCheckpoint(file, read(file));
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static Map<String, Tensor> read(MappedFile file) {
        if (!ZipArchive.looksLikeZip(file)) {
            throw new UnsupportedModelException("PyTorch checkpoint " + file.path()
                    + " is not a zip archive (legacy torch<1.6 format or not a checkpoint); re-save it with a recent torch");
        }
        ZipArchive zip = ZipArchive.read(file);
        String prefix = null;
        for (String name : zip.entries().keySet()) {
            if (name.endsWith("data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                if (prefix != null) throw new ModelFormatException("PyTorch checkpoint " + file.path() + " has several data.pkl entries");
                prefix = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (prefix == null) throw new ModelFormatException("PyTorch checkpoint " + file.path() + " has no <name>/data.pkl entry");
        ZipArchive.Entry byteorder = zip.entries().get(prefix + "byteorder");
        if (byteorder != null) {
            String order = new String(zip.data(byteorder).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new UnsupportedModelException("PyTorch checkpoint " + file.path() + " has byte order '" + order + "', only little is supported");
            }
        }
        byte[] pickle = zip.data(zip.entries().get(prefix + "data.pkl")).toArray(ValueLayout.JAVA_BYTE);
        Object root = StateDictUnpickler.load(pickle, file.path() + " (" + prefix + "data.pkl)");
        if (!(root instanceof Map<?, ?> map)) {
            throw new ModelFormatException("PyTorch checkpoint " + file.path() + " does not hold a state dict (found "
                    + (root == null ? "None" : root.getClass().getSimpleName()) + ")");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        collect(map, "", zip, prefix, file, tensors);
        return Collections.unmodifiableMap(tensors);
    }

    private static void collect(Map<?, ?> map, String keyPrefix, ZipArchive zip, String prefix, MappedFile file,
                                Map<String, Tensor> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) continue;
            String name = keyPrefix + key;
            if (e.getValue() instanceof TensorRef ref) {
                out.put(name, tensor(name, ref, zip, prefix, file));
            } else if (e.getValue() instanceof Map<?, ?> nested) {
                collect(nested, name + ".", zip, prefix, file, out);
            }
            // other values (epoch counters, strings) are not weights
        }
    }

    private static Tensor tensor(String name, TensorRef ref, ZipArchive zip, String prefix, MappedFile file) {
        String where = "Tensor " + name + " in " + file.path();
        StorageRef storage = ref.storage();
        ZipArchive.Entry entry = zip.entries().get(prefix + "data/" + storage.key());
        if (entry == null) throw new ModelFormatException(where + ": storage entry data/" + storage.key() + " is missing");
        int elementSize = storage.dtype().byteSize();
        MemorySegment bytes = zip.data(entry);
        if (storage.numel() > bytes.byteSize() / elementSize) {
            throw new ModelFormatException(where + ": storage data/" + storage.key() + " has " + bytes.byteSize()
                    + " bytes, expected " + storage.numel() * elementSize + " for " + storage.numel() + " " + storage.dtype());
        }
        long[] size = ref.size();
        long[] stride = ref.stride();
        if (size.length != stride.length) throw new ModelFormatException(where + ": size and stride ranks differ");
        int[] shape = new int[size.length];
        long lastIndex = ref.offset();
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || size[i] > Integer.MAX_VALUE || stride[i] < 0 || stride[i] > storage.numel()) {
                throw new ModelFormatException(where + ": invalid size " + size[i] + " / stride " + stride[i]);
            }
            shape[i] = (int) size[i];
            try {
                if (size[i] > 0) lastIndex = Math.addExact(lastIndex, Math.multiplyExact(size[i] - 1, stride[i]));
            } catch (ArithmeticException e) {
                throw new ModelFormatException(where + ": view with size " + size[i] + " and stride " + stride[i] + " overflows");
            }
        }
        long numel = Tensor.numel(shape);
        if (ref.offset() < 0 || ref.offset() > storage.numel() || (numel > 0 && (lastIndex < 0 || lastIndex >= storage.numel()))) {
            throw new ModelFormatException(where + ": view (offset " + ref.offset() + ", shape " + java.util.Arrays.toString(shape)
                    + ") reaches element " + lastIndex + " of a storage with " + storage.numel() + " elements");
        }
        if (isContiguous(size, stride)) {
            return new Tensor(name, storage.dtype(), shape, bytes.asSlice(ref.offset() * elementSize, numel * elementSize),
                    file.path().toString());
        }
        return new Tensor(name, storage.dtype(), shape, gather(bytes, ref, numel, elementSize), file.path().toString());
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) return false;
            expected *= size[i];
        }
        return true;
    }

    /** Copies a strided view into a new row-major buffer. */
    private static MemorySegment gather(MemorySegment storage, TensorRef ref, long numel, int elementSize) {
        if (numel * elementSize > Integer.MAX_VALUE - 8) {
            throw new UnsupportedModelException("Non-contiguous tensor of " + numel + " elements is too large to copy");
        }
        MemorySegment out = MemorySegment.ofArray(new byte[(int) (numel * elementSize)]);
        long[] size = ref.size();
        long[] index = new long[size.length];
        for (long n = 0; n < numel; n++) {
            long src = ref.offset();
            for (int d = 0; d < size.length; d++) src += index[d] * ref.stride()[d];
            MemorySegment.copy(storage, src * elementSize, out, n * elementSize, elementSize);
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) break;
                index[d] = 0;
            }
        }
        return out;
    }

    @Override
    public Tensor find(String name) {
        return tensors.get(name);
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public String source() {
        return file.path().toString();
    }

    @Override
    public void close() {
        file.close();
    }
}
