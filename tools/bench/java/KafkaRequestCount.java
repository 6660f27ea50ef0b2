// Counts a Kafka broker's requests of one type from its own JMX metrics, for tools/bench.
//
//   java tools/bench/java/KafkaRequestCount.java <broker pid> [request type, default Produce]
//
// Attaches to the running broker JVM (the attach API: same user, no JMX port, no restart), then
// answers every line read on stdin with one line: the total count of that request type since the
// broker started, summed over the request versions
// (kafka.network:type=RequestMetrics,name=RequestsPerSec,request=<type>,version=*). Reads until
// stdin closes. The broker counts every client, so the figure holds for any client version.
import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

public class KafkaRequestCount {
  public static void main(String[] args) throws Exception {
    String pid = args[0];
    String request = args.length > 1 ? args[1] : "Produce";
    VirtualMachine vm = VirtualMachine.attach(pid);
    String address = vm.startLocalManagementAgent();
    vm.detach();
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      ObjectName pattern =
          new ObjectName(
              "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + request + ",*");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
      System.out.println("ready");
      while (in.readLine() != null) {
        long total = 0;
        for (ObjectName name : server.queryNames(pattern, null))
          total += ((Number) server.getAttribute(name, "Count")).longValue();
        System.out.println(total);
      }
    }
  }
}
