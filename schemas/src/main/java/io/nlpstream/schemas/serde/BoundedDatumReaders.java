package io.nlpstream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Datum readers that do not trust a block count for pre-allocation. Avro sizes a new array or map by the count
 * read from the wire, so five garbage bytes could ask for a 2^31-element array before the decoder notices the
 * input is short; capping the initial capacity makes such input fail with an end-of-data error instead.
 */
final class BoundedDatumReaders {
    private static final int MAX_INITIAL_CAPACITY = 1024;

    private BoundedDatumReaders() {
    }

    static DatumReader<Object> generic(Schema writer) {
        return new GenericDatumReader<>(writer, writer, GenericData.get()) {
            @Override
            protected Object newArray(Object old, int size, Schema schema) {
                return super.newArray(old, Math.min(size, MAX_INITIAL_CAPACITY), schema);
            }

            @Override
            protected Object newMap(Object old, int size) {
                return super.newMap(old, Math.min(size, MAX_INITIAL_CAPACITY));
            }
        };
    }

    static DatumReader<Object> specific(Schema writer, Schema reader) {
        return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader)) {
            @Override
            protected Object newArray(Object old, int size, Schema schema) {
                return super.newArray(old, Math.min(size, MAX_INITIAL_CAPACITY), schema);
            }

            @Override
            protected Object newMap(Object old, int size) {
                return super.newMap(old, Math.min(size, MAX_INITIAL_CAPACITY));
            }
        };
    }
}
