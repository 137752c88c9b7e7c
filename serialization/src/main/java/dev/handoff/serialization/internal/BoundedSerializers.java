package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.Collection;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Kryo serializers that allocate by a length read from the input, made to account for that
 * length in the {@link BoundedInput} first.
 */
final class BoundedSerializers {

  private BoundedSerializers() {
  }

  /** Collections: the size given to {@code create} is accounted for. */
  static final class BoundedCollectionSerializer<T extends Collection<?>> extends CollectionSerializer<T> {
    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      BoundedInput.reserve(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  /** Maps: the size given to {@code create} is accounted for. */
  static final class BoundedMapSerializer<T extends Map<?, ?>> extends MapSerializer<T> {
    @Override
    protected T create(Kryo kryo, Input input, Class<? extends T> type, int size) {
      BoundedInput.reserve(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  /** PriorityQueue, which sizes its array by the element count. */
  static final class BoundedPriorityQueueSerializer extends PriorityQueueSerializer {
    @Override
    protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
      BoundedInput.reserve(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  /**
   * Arrays whose serializer reads the length + 1 as its first varint and allocates right away.
   */
  static final class LengthFirstSerializer<T> extends Serializer<T> {
    private final Serializer<T> delegate;

    LengthFirstSerializer(Serializer<T> delegate) {
      super(delegate.getAcceptsNull(), delegate.isImmutable());
      this.delegate = delegate;
    }

    @Override
    public void write(Kryo kryo, Output output, T object) {
      delegate.write(kryo, output, object);
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
      if (input instanceof BoundedInput bounded) {
        int lengthPlusOne = bounded.peekVarInt();
        if (lengthPlusOne > 1) {
          bounded.reserve(lengthPlusOne - 1L);
        }
      }
      return delegate.read(kryo, input, type);
    }

    @Override
    public T copy(Kryo kryo, T original) {
      return delegate.copy(kryo, original);
    }
  }
}
