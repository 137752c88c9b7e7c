package dev.handoff.webapp;

/** A request parameter the page cannot use; answered with status 400 and this message. */
final class InvalidParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message names the parameter, the value received and what is allowed */
    InvalidParameterException(String message) {
        super(message);
    }
}
