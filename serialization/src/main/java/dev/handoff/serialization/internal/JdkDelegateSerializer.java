package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Inside a Kryo stream, one object written with Java serialization: for classes whose
 * writeObject / readObject / writeReplace / readResolve / Externalizable methods define their
 * serialized form, and for JDK classes Kryo cannot read field by field. Reading goes through the
 * same filtered, bounded ObjectInputStream as the JDK codec.
 */
final class JdkDelegateSerializer extends Serializer<Object> {

  @Override
  public void write(Kryo kryo, Output output, Object object) {
    byte[] bytes = JdkCodec.write(object);
    output.writeVarInt(bytes.length, true);
    output.writeBytes(bytes);
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    int length = input.readVarInt(true);
    byte[] bytes = input.readBytes(length);
    HandoffKryo handoff = (HandoffKryo) kryo;
    return JdkCodec.read(bytes, 0, length, kryo.getClassLoader(), handoff.classFilter(), handoff.getMaxDepthSetting(),
        handoff.objectsLeft(), handoff.decodeDeadline());
  }
}
