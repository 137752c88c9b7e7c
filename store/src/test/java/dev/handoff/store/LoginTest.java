package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoginTest {

  @Test
  void nameRolesAndContainerPrincipalComeBack() {
    Login login = new Login("émile", List.of("user", "admin"), new byte[] {1, 2, 3});
    Login read = Login.fromBytes(login.toBytes());
    assertEquals("émile", read.name());
    assertEquals(List.of("user", "admin"), read.roles());
    assertArrayEquals(new byte[] {1, 2, 3}, read.containerPrincipal());
    assertEquals(login, read);
  }

  @Test
  void aLoginWithoutContainerPrincipalOrRoles() {
    Login read = Login.fromBytes(new Login("bob", List.of(), null).toBytes());
    assertEquals("bob", read.name());
    assertTrue(read.roles().isEmpty());
    assertNull(read.containerPrincipal());
  }

  @Test
  void bytesThatAreNotALoginAreRefusedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Login.fromBytes(new byte[] {(byte) 0xB1, 1, 0, 0}));
    assertTrue(e.getMessage().startsWith("not a Handoff login record"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Login.fromBytes(new byte[] {(byte) 0xB2, 9}));
    assertTrue(e.getMessage().contains("format 9"), e.getMessage());
  }

  @Test
  void everyTruncationAndTrailingGarbageIsRefused() {
    byte[] bytes = new Login("carol", List.of("user"), new byte[] {7, 7}).toBytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThrows(IllegalArgumentException.class, () -> Login.fromBytes(cut), "length " + length);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(IllegalArgumentException.class, () -> Login.fromBytes(longer));
  }

  @Test
  void randomBytesAfterTheHeaderNeverAllocateBeyondTheirLength() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[2 + random.nextInt(40)];
      random.nextBytes(bytes);
      bytes[0] = (byte) 0xB2;
      bytes[1] = 1;
      try {
        Login login = Login.fromBytes(bytes);
        assertTrue(login.name().length() <= bytes.length);
      } catch (IllegalArgumentException expected) {
        // refused: fine
      }
    }
  }

  @Test
  void theReturnAddressEntryHoldsAPath() {
    assertEquals("/app/cart?x=1", Login.returnUri(Login.returnUriBytes("/app/cart?x=1")));
    assertNull(Login.returnUri(new byte[] {(byte) 0xB1, 0, 0}));
    assertNull(Login.returnUri(null));
  }
}
