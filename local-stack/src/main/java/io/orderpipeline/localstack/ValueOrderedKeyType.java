package io.orderpipeline.localstack;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the MongoDB server's unique indexes: stores keys exactly as H2's {@link ObjectDataType} does, but
 * orders two {@link KeyValue}s by their values. {@code KeyValue} is not {@code Comparable}, so the plain type
 * Java-serializes both keys for every comparison of a B-tree search; that was most of the server's CPU under load.
 *
 * <p>Keys reach an index normalized (numbers as {@code Double} or {@code Long}), so they hold BSON values whose
 * natural order agrees with {@code equals}: the order is total and compares 0 exactly for equal keys. Values without a
 * natural order (documents, arrays) keep H2's own comparison.
 */
final class ValueOrderedKeyType extends ObjectDataType {

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    private int compareKeys(KeyValue left, KeyValue right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int order = compareValues(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        if (a.getClass() != b.getClass()) {
            // Never equal; any fixed order of the types keeps the whole order total.
            int byType = a.getClass().getName().compareTo(b.getClass().getName());
            return byType != 0 ? byType : super.compare(a, b);
        }
        if (a instanceof Comparable comparable) {
            return comparable.compareTo(b);
        }
        return super.compare(a, b);
    }
}
