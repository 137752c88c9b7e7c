package dev.handoff.webapp;

import java.io.Serializable;
import java.util.Objects;

/**
 * One line of the shopping cart kept in the session: a product name, a quantity and a unit
 * price in cents. A plain mutable class on purpose, loaded only by the webapp's class loader,
 * so session stores must serialize it with that loader.
 */
public class CartItem implements Serializable {

    private static final long serialVersionUID = 1L;

    private String name;
    private int quantity;
    private long priceCents;

    /** An empty item, for serializers that create instances reflectively. */
    public CartItem() {
    }

    /** An item of {@code quantity} times {@code name} at {@code priceCents} each. */
    public CartItem(String name, int quantity, long priceCents) {
        this.name = name;
        this.quantity = quantity;
        this.priceCents = priceCents;
    }

    /** The product name. */
    public String getName() {
        return name;
    }

    /** Sets the product name. */
    public void setName(String name) {
        this.name = name;
    }

    /** How many of the product the cart holds. */
    public int getQuantity() {
        return quantity;
    }

    /** Sets how many of the product the cart holds. */
    public void setQuantity(int quantity) {
        this.quantity = quantity;
    }

    /** The price of one unit, in cents. */
    public long getPriceCents() {
        return priceCents;
    }

    /** Sets the price of one unit, in cents. */
    public void setPriceCents(long priceCents) {
        this.priceCents = priceCents;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CartItem item
                && quantity == item.quantity
                && priceCents == item.priceCents
                && Objects.equals(name, item.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, quantity, priceCents);
    }

    @Override
    public String toString() {
        return quantity + " x " + name + " @ " + priceCents + "c";
    }
}
