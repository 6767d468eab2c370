package io.loomsocket.internal.socket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes a class file names in its constant pool ({@code CONSTANT_Class} entries), read
 * from the class file itself. {@link FirstUse} loads them all through the library's class
 * loader, so that no virtual thread later resolves one of them while another does: that wait
 * happens inside the JVM, under the class loader's lock, and holds the carrier.
 */
final class ClassReferences {
    private ClassReferences() {}

    /** The binary names of the classes {@code classFile} refers to (arrays by their element). */
    static List<String> of(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[index] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++; // a long or a double takes two entries
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        List<String> names = new ArrayList<>();
        for (int nameIndex : classNames) {
            String name = utf8[nameIndex];
            if (name == null) {
                continue;
            }
            if (name.startsWith("[")) {
                int element = name.lastIndexOf('[') + 1;
                if (name.charAt(element) != 'L') {
                    continue; // an array of a primitive type
                }
                name = name.substring(element + 1, name.length() - 1);
            }
            names.add(name.replace('/', '.'));
        }
        return names;
    }
}
