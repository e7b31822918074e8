"""Records a TPM's bus: forwards 127.0.0.1:LISTEN (and LISTEN+1, the control channel) to
127.0.0.1:TARGET (and TARGET+1), appending every byte either way to RECORD. TPM2Tests starts it
between the sealer and swtpm to check that secrets never cross the bus in clear.

    bus_recorder.py LISTEN TARGET RECORD     (prints "ready" once both ports listen)
"""
import socket
import sys
import threading

lock = threading.Lock()


def pump(source, destination, record):
    try:
        while data := source.recv(65536):
            with lock:
                record.write(data)
                record.flush()
            destination.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, destination):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listener, target, record):
    while True:
        client, _ = listener.accept()
        upstream = socket.create_connection(("127.0.0.1", target))
        threading.Thread(target=pump, args=(client, upstream, record), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, record), daemon=True).start()


def main():
    listen, target, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    record = open(path, "ab")
    listeners = []
    for offset in (0, 1):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", listen + offset))
        listener.listen(8)
        listeners.append((listener, target + offset))
    for listener, port in listeners:
        threading.Thread(target=serve, args=(listener, port, record), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
