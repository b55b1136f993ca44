package io.ponybunny.agent.tools;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** {@code current_time}: the current date and time, in UTC or a named time zone. */
@ApplicationScoped
public class CurrentTimeTool implements Tool {

  private static final JsonObject SCHEMA =
      JsonSupport.objectBuilder()
          .add("type", "object")
          .add(
              "properties",
              JsonSupport.objectBuilder()
                  .add(
                      "timezone",
                      JsonSupport.objectBuilder()
                          .add("type", "string")
                          .add("maxLength", 64)
                          .add("description", "IANA zone such as Europe/Paris; default UTC")))
          .add("additionalProperties", false)
          .build();

  private final Clock clock;

  public CurrentTimeTool() {
    this(Clock.systemUTC());
  }

  public CurrentTimeTool(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "current_time";
  }

  @Override
  public String description() {
    return "Returns the current date and time (ISO-8601) in UTC or in the given time zone.";
  }

  @Override
  public JsonObject parameters() {
    return SCHEMA;
  }

  @Override
  public String execute(JsonObject arguments, ToolContext context) {
    String zone = arguments.getString("timezone", "UTC");
    try {
      return ZonedDateTime.now(clock.withZone(ZoneId.of(zone)))
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeException e) {
      throw new ToolException("unknown time zone '" + zone + "'");
    }
  }
}
