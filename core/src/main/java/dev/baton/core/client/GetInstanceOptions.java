package dev.baton.core.client;

import io.vertx.core.json.JsonObject;

/**
 * What {@link DurableClient#getInstance(String, GetInstanceOptions)} reads besides the status: by
 * default the input, output and custom status too; without them the answer is a single small read
 * however large the payloads are.
 *
 * <pre>{@code
 * client.getInstance(id, new GetInstanceOptions().setFetchInputsAndOutputs(false))
 *     .onSuccess(m -> System.out.println(m.status()));
 * }</pre>
 */
public final class GetInstanceOptions {

  /** Default: input, output and custom status are fetched. */
  public static final boolean DEFAULT_FETCH_INPUTS_AND_OUTPUTS = true;

  private boolean fetchInputsAndOutputs = DEFAULT_FETCH_INPUTS_AND_OUTPUTS;

  public GetInstanceOptions() {}

  /** Options from JSON: {@code fetchInputsAndOutputs}. */
  public GetInstanceOptions(JsonObject json) {
    this.fetchInputsAndOutputs =
        json.getBoolean("fetchInputsAndOutputs", DEFAULT_FETCH_INPUTS_AND_OUTPUTS);
  }

  public boolean isFetchInputsAndOutputs() {
    return fetchInputsAndOutputs;
  }

  /** Whether the input, output and custom status are read ({@code false}: left null). */
  public GetInstanceOptions setFetchInputsAndOutputs(boolean fetchInputsAndOutputs) {
    this.fetchInputsAndOutputs = fetchInputsAndOutputs;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("fetchInputsAndOutputs", fetchInputsAndOutputs);
  }
}
