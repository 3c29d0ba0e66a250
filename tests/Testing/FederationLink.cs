using System.Net;
using System.Net.Sockets;

namespace Tangle.Testing;

/// <summary>
/// One direction of a test network: a loopback TCP forwarder that one server's pinned host for another points
/// at. <see cref="Cut"/> drops every connection through it and resets new ones, as a partition would;
/// <see cref="Heal"/> lets traffic through again. The target may be down (a stopped server): a connection
/// it refuses is reset too.
/// </summary>
public sealed class FederationLink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    private FederationLink(TcpListener listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port to pin the destination to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool IsCut => _cut;

    /// <summary>Starts forwarding from a fresh loopback port to <paramref name="targetPort"/> on loopback.</summary>
    public static FederationLink Start(int targetPort)
    {
        // A port from FreePorts, not an ephemeral one: the servers' ports come from there too, and it never hands one out twice.
        var listener = new TcpListener(IPAddress.Loopback, FreePorts.Next());
        listener.Start();
        return new FederationLink(listener, targetPort);
    }

    /// <summary>Drops the connections through the link and resets new ones until healed.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open)
                Reset(client);
            _open.Clear();
        }
    }

    public void Heal() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        if (_cut)
        {
            Reset(inbound);
            return;
        }

        var outbound = new TcpClient { NoDelay = true };
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            outbound.Dispose();
            Reset(inbound);
            return;
        }

        lock (_open)
        {
            // Cut while connecting: this connection is on the far side of the partition too.
            if (_cut)
            {
                Reset(inbound);
                Reset(outbound);
                return;
            }

            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await Task.WhenAny(PumpAsync(inbound, outbound), PumpAsync(outbound, inbound));
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stopping.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException
            or InvalidOperationException)
        {
            // The other side went, or the link was cut: the connection ends.
        }
    }

    /// <summary>Closes with a reset, so the peer sees a broken connection rather than a clean end.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stopping.Dispose();
    }
}
