package io.nlpstream.app.infer;

import io.nlpstream.app.config.EnumNames;
import io.nlpstream.models.Task;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.ClassificationFunction;
import io.nlpstream.models.options.LongText;
import io.nlpstream.models.options.Pooling;
import io.nlpstream.models.options.WindowAggregation;
import io.nlpstream.models.runtime.ExecutionProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The commands' option converters: enum values spelled as in the configuration ({@link EnumNames}), and tasks. */
public final class OptionConverters {
    private OptionConverters() {
    }

    /** An enum option read by {@link EnumNames}; picocli needs one subclass per enum (annotations name a class). */
    public abstract static class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        protected EnumConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            return EnumNames.find(type, value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not one of [" + EnumNames.allowed(type) + "]"));
        }
    }

    public static final class ProviderConverter extends EnumConverter<ExecutionProvider> {
        public ProviderConverter() {
            super(ExecutionProvider.class);
        }
    }

    public static final class FunctionConverter extends EnumConverter<ClassificationFunction> {
        public FunctionConverter() {
            super(ClassificationFunction.class);
        }
    }

    public static final class AggregationConverter extends EnumConverter<AggregationStrategy> {
        public AggregationConverter() {
            super(AggregationStrategy.class);
        }
    }

    public static final class LongTextConverter extends EnumConverter<LongText> {
        public LongTextConverter() {
            super(LongText.class);
        }
    }

    public static final class WindowAggregationConverter extends EnumConverter<WindowAggregation> {
        public WindowAggregationConverter() {
            super(WindowAggregation.class);
        }
    }

    public static final class PoolingConverter extends EnumConverter<Pooling> {
        public PoolingConverter() {
            super(Pooling.class);
        }
    }

    /** A transformers pipeline name or alias ({@link Task#fromId}). */
    public static final class TaskConverter implements ITypeConverter<Task> {
        @Override
        public Task convert(String value) {
            try {
                return Task.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
