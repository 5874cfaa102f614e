package dev.fleetbench.worker.hardware;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A separate process for {@link ListeningProcessIT}: listens on a loopback port, prints it, exits when stdin closes. */
public final class ListenMain {

    private ListenMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(s.getLocalPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin (bounded by the parent's test timeout)
            }
        }
    }
}
