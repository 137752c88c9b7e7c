package dev.handoff.benchmarks.session;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** One line of the shopping cart kept under the attribute {@code cart}. */
public class CartItem implements Serializable {

  private static final long serialVersionUID = 1L;

  String productId;
  String title;
  BigDecimal unitPrice;
  int quantity;

  public CartItem(String productId, String title, BigDecimal unitPrice, int quantity) {
    this.productId = productId;
    this.title = title;
    this.unitPrice = unitPrice;
    this.quantity = quantity;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CartItem i && quantity == i.quantity
        && Objects.equals(productId, i.productId) && Objects.equals(title, i.title)
        && Objects.equals(unitPrice, i.unitPrice);
  }

  @Override
  public int hashCode() {
    return Objects.hash(productId, quantity);
  }

  @Override
  public String toString() {
    return "CartItem[" + productId + " x" + quantity + " @ " + unitPrice + "]";
  }
}
