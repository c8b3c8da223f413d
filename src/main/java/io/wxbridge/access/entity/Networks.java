package io.wxbridge.access.entity;

import java.util.Arrays;
import java.util.List;

/**
 * A configured list of networks (comma- or space-separated CIDR blocks); empty means "not
 * restricted".
 */
public record Networks(List<CidrBlock> blocks) {

  public Networks {
    blocks = List.copyOf(blocks);
  }

  public static final Networks NONE = new Networks(List.of());

  /**
   * @throws IllegalArgumentException naming the first entry that is not a CIDR block
   */
  public static Networks parse(String list) {
    if (list == null) {
      return NONE;
    }
    return new Networks(
        Arrays.stream(list.split("[,\\s]+"))
            .filter(entry -> !entry.isEmpty())
            .map(CidrBlock::parse)
            .toList());
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  public boolean contains(IpAddress ip) {
    return blocks.stream().anyMatch(block -> block.contains(ip));
  }
}
