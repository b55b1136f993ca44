package io.ponybunny.web.rest;

import jakarta.ws.rs.WebApplicationException;

/** A client error raised by the API itself; its message becomes the problem's detail. */
public class ApiException extends WebApplicationException {

  private static final long serialVersionUID = 1L;

  public ApiException(int status, String detail) {
    super(detail, status);
  }
}
