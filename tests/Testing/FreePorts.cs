using System.Net;
using System.Net.Sockets;

namespace Tangle.Testing;

/// <summary>Loopback ports nobody is listening on, for servers started by tests.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Handed.Add(port))
                    return port;
            }
        }
    }
}
