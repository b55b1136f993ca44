package io.ponybunny.agent.tools;

import io.ponybunny.ManagedExecutors;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tools offered to the agent: every {@link Tool} bean, in name order. Runs a call from the
 * model's text or native tool call and always returns an observation: unknown tools, invalid
 * arguments and tool failures become {@code Error: …} observations, never exceptions. Every call
 * runs through a {@link ToolInvoker} on the managed executor within {@code
 * ponybunny.agent.tool-timeout-ms}.
 */
@ApplicationScoped
public class ToolRegistry {

  private static final int MAX_OBSERVATION = 4000;

  /** The default of {@code ponybunny.agent.tool-timeout-ms}. */
  public static final long DEFAULT_TIMEOUT_MS = 5000;

  private Map<String, Tool> tools;
  private ToolInvoker invoker;

  @Inject @Any Instance<Tool> beans;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.tool-timeout-ms", defaultValue = "5000")
  long timeoutMillis;

  @Resource(lookup = ManagedExecutors.STREAM_EXECUTOR)
  ManagedExecutorService executor;

  /** For CDI. */
  public ToolRegistry() {}

  /** A registry of exactly {@code tools}, each call on a new thread within the default limit. */
  public ToolRegistry(List<Tool> tools) {
    this(tools, ToolInvoker.onNewThreads(DEFAULT_TIMEOUT_MS));
  }

  /** A registry of exactly {@code tools} that runs calls with {@code invoker}. */
  public ToolRegistry(List<Tool> tools, ToolInvoker invoker) {
    this.tools = index(tools);
    this.invoker = invoker;
  }

  private synchronized ToolInvoker invoker() {
    if (invoker == null) {
      invoker = new ToolInvoker(executor, timeoutMillis);
    }
    return invoker;
  }

  private synchronized Map<String, Tool> tools() {
    if (tools == null) {
      List<Tool> found = new ArrayList<>();
      beans.forEach(found::add);
      tools = index(found);
    }
    return tools;
  }

  private static Map<String, Tool> index(List<Tool> list) {
    Map<String, Tool> byName = new LinkedHashMap<>();
    list.stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(
            t -> {
              List<String> problems = ToolSchemaValidator.checkSchema(t.parameters());
              if (!problems.isEmpty()) {
                throw new IllegalStateException("tool " + t.name() + ": " + problems);
              }
              byName.put(t.name(), t);
            });
    return Map.copyOf(byName);
  }

  /** The tools, sorted by name. */
  public List<Tool> all() {
    return tools().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** The tools as native tool specs for the LLM call. */
  public List<ToolSpec> specs() {
    return all().stream()
        .map(t -> new ToolSpec(t.name(), t.description(), t.parameters()))
        .toList();
  }

  /**
   * Runs {@code name} with the input as the model wrote it (a JSON object, or plain text for a tool
   * with one string argument) and returns the observation.
   */
  public String run(String name, String input, ToolContext context) {
    Tool tool = tools().get(name);
    if (tool == null) {
      return "Error: unknown tool '"
          + name
          + "'. Available tools: "
          + String.join(", ", tools().keySet());
    }
    JsonObject args;
    try {
      args = arguments(tool, input);
    } catch (ToolException e) {
      return "Error: " + e.getMessage();
    }
    return run(tool, args, context);
  }

  /** Runs a native tool call whose arguments were already parsed (null when they did not parse). */
  public String run(String name, JsonValue arguments, String raw, ToolContext context) {
    if (arguments == null) {
      return run(name, raw == null ? "" : raw, context);
    }
    Tool tool = tools().get(name);
    if (tool == null) {
      return run(name, "", context);
    }
    if (!(arguments instanceof JsonObject obj)) {
      return "Error: the arguments of " + name + " must be a JSON object";
    }
    return run(tool, obj, context);
  }

  private String run(Tool tool, JsonObject args, ToolContext context) {
    List<String> problems = ToolSchemaValidator.validate(tool.parameters(), args);
    if (!problems.isEmpty()) {
      return "Error: invalid arguments for " + tool.name() + ": " + String.join("; ", problems);
    }
    String out = invoker().invoke(tool, args, context);
    out = out == null ? "" : out;
    return out.length() > MAX_OBSERVATION ? out.substring(0, MAX_OBSERVATION) + "…" : out;
  }

  static JsonObject arguments(Tool tool, String input) {
    String text = input == null ? "" : input.strip();
    if (text.startsWith("{")) {
      try (JsonReader r = JsonSupport.provider().createReader(new StringReader(text))) {
        return r.readObject();
      } catch (JsonException e) {
        throw new ToolException("Action Input is not valid JSON: " + text);
      }
    }
    JsonObject props =
        tool.parameters().get("properties") instanceof JsonObject p
            ? p
            : JsonValue.EMPTY_JSON_OBJECT;
    if (text.isEmpty()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    List<String> strings = new ArrayList<>();
    props.forEach(
        (k, v) -> {
          if (v instanceof JsonObject o && "string".equals(o.getString("type", ""))) {
            strings.add(k);
          }
        });
    if (strings.size() == 1) {
      String value = text;
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      return JsonSupport.objectBuilder().add(strings.get(0), value).build();
    }
    throw new ToolException(
        "Action Input for " + tool.name() + " must be a JSON object matching " + tool.parameters());
  }
}
