package io.ponybunny.broadcast.redis;

/**
 * The Redis names of a channel under a prefix: its meta hash {@code <prefix>ch:{<channel>}:m}
 * (fields {@code e}: epoch, {@code s}: last seq, {@code w:<writer>}: a writer's last applied
 * append), its stream {@code <prefix>ch:{<channel>}:s} (entries {@code <seq>-1}) and its pub/sub
 * topic {@code <prefix>ch:<channel>}. The hash tag keeps a channel's two keys in one slot.
 */
record ChannelKeys(String prefix) {

  private static final String TOPIC = "ch:";

  String meta(String channel) {
    return prefix + "ch:{" + channel + "}:m";
  }

  String stream(String channel) {
    return prefix + "ch:{" + channel + "}:s";
  }

  /** What every topic starts with; a topic is this followed by the channel. */
  String topicPrefix() {
    return prefix + TOPIC;
  }

  String topic(String channel) {
    return topicPrefix() + channel;
  }

  /** The channel of {@code topic}, or null when it is not one of these topics. */
  String channelOf(String topic) {
    String p = topicPrefix();
    return topic.startsWith(p) ? topic.substring(p.length()) : null;
  }
}
