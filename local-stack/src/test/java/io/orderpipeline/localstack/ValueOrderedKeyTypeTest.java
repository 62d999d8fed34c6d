package io.orderpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

class ValueOrderedKeyTypeTest {

    private final ValueOrderedKeyType type = new ValueOrderedKeyType();

    /** Normalized index keys of every kind the comparison treats differently, some of them equal but not identical. */
    private static List<KeyValue> keys() {
        ObjectId objectId = new ObjectId();
        List<Object> values = new ArrayList<>(List.of(
                "",
                "a",
                "b",
                "ab",
                -1.5,
                0.0,
                2.0,
                10.0,
                Double.NaN,
                Long.MAX_VALUE,
                Long.MIN_VALUE + 1,
                true,
                false,
                new Date(0),
                new Date(1_000),
                objectId,
                new ObjectId(objectId.getHexData()),
                new ObjectId(),
                new Document("a", 1.0),
                new Document("a", 2.0),
                new Document("b", 1.0),
                List.of(1.0, 2.0),
                List.of(2.0)));
        values.add(null);
        List<KeyValue> keys = new ArrayList<>();
        for (Object first : values) {
            keys.add(new KeyValue(first));
            for (Object second : List.of("o-1", 1.0, 2.0)) {
                keys.add(new KeyValue(first, second));
            }
        }
        keys.add(new KeyValue(new String("a")));
        keys.add(new KeyValue(Double.valueOf(2.0), "o-1"));
        return keys;
    }

    @Test
    void comparesZeroExactlyForEqualKeys() {
        for (KeyValue a : keys()) {
            for (KeyValue b : keys()) {
                assertThat(type.compare(a, b) == 0)
                        .as("compare(%s, %s) == 0", a, b)
                        .isEqualTo(a.equals(b));
            }
        }
    }

    @Test
    void isATotalOrder() {
        List<KeyValue> keys = keys();
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                assertThat(Integer.signum(type.compare(a, b)))
                        .as("compare(%s, %s) is the opposite of compare(%s, %s)", a, b, b, a)
                        .isEqualTo(-Integer.signum(type.compare(b, a)));
                for (KeyValue c : keys) {
                    if (type.compare(a, b) <= 0 && type.compare(b, c) <= 0) {
                        assertThat(type.compare(a, c))
                                .as("%s <= %s <= %s", a, b, c)
                                .isLessThanOrEqualTo(0);
                    }
                }
            }
        }
    }

    @Test
    void ordersValuesOfOneTypeByTheirNaturalOrder() {
        assertThat(type.compare(new KeyValue("o-1", 2.0), new KeyValue("o-1", 10.0)))
                .isNegative();
        assertThat(type.compare(new KeyValue("o-1", 10.0), new KeyValue("o-2", 1.0)))
                .as("the first element decides first")
                .isNegative();
        assertThat(type.compare(new KeyValue(new Date(5)), new KeyValue(new Date(4))))
                .isPositive();
    }

    @Test
    void ordersDifferentTypesByTypeAndNullFirst() {
        assertThat(type.compare(new KeyValue(1.0), new KeyValue("1")))
                .as("java.lang.Double before java.lang.String")
                .isNegative();
        assertThat(type.compare(new KeyValue((Object) null), new KeyValue(Double.NEGATIVE_INFINITY)))
                .isNegative();
        assertThat(type.compare(new KeyValue("x", null), new KeyValue("x", ""))).isNegative();
    }

    @Test
    void leavesValuesWithoutANaturalOrderToH2() {
        Document one = new Document("a", 1.0);
        Document two = new Document("a", 2.0);
        ObjectDataType h2 = new ObjectDataType();

        assertThat(type.compare(new KeyValue(one), new KeyValue(two))).isEqualTo(h2.compare(one, two));
        assertThat(type.compare(new KeyValue(two), new KeyValue(one))).isEqualTo(h2.compare(two, one));
        assertThat(type.compare(new KeyValue(one), new KeyValue(new Document("a", 1.0))))
                .isZero();
        assertThat(type.compare("a", "b")).as("not index keys").isEqualTo(h2.compare("a", "b"));
    }

    @Test
    void writesKeysAsH2ObjectDataTypeDoes() {
        KeyValue key = new KeyValue("o-1", 2.0, new ObjectId(), new Document("a", List.of(1.0)));
        WriteBuffer ours = new WriteBuffer();
        WriteBuffer plain = new WriteBuffer();

        type.write(ours, key);
        new ObjectDataType().write(plain, key);

        assertThat(bytes(ours)).isEqualTo(bytes(plain));
        assertThat(type.read(ours.getBuffer().flip())).isEqualTo(key);
    }

    private static byte[] bytes(WriteBuffer buffer) {
        var view = buffer.getBuffer().duplicate().flip();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
