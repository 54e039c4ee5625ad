import io.logpipe.common.queue.ShardNames;

/** {@code java -cp common/target/classes ShardList.java KEY N}: the queue's shard lists, one a line, as the services name them. */
public class ShardList {
    public static void main(String[] args) {
        ShardNames.of(args[0], Integer.parseInt(args[1])).forEach(System.out::println);
    }
}
