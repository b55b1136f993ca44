package io.ponybunny.web.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Jakarta Validation failures as problem JSON with field errors: 422 when a body field is invalid,
 * 400 when a parameter (or the whole body) is.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

  @Override
  public Response toResponse(ConstraintViolationException e) {
    List<FieldError> errors = new ArrayList<>();
    boolean bodyField = false;
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      StringBuilder field = new StringBuilder();
      String parameter = null;
      for (Path.Node node : v.getPropertyPath()) {
        if (node.getKind() == ElementKind.PARAMETER) {
          parameter = node.getName();
        } else if (node.getKind() == ElementKind.PROPERTY
            || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
          if (node.getName() == null || node.getName().startsWith("<")) {
            if (node.getKey() != null) {
              field.append('[').append(node.getKey()).append(']');
            }
            continue;
          }
          if (field.length() > 0) {
            field.append('.');
          }
          field.append(node.getName());
          if (node.getKey() != null) {
            field.append('[').append(node.getKey()).append(']');
          }
        }
      }
      if (field.length() > 0) {
        bodyField = true;
        errors.add(new FieldError(field.toString(), v.getMessage()));
      } else {
        errors.add(new FieldError(parameter == null ? "body" : parameter, v.getMessage()));
      }
    }
    errors.sort(Comparator.comparing(FieldError::field));
    return InvalidFieldsException.problem(bodyField ? 422 : 400, errors);
  }
}
