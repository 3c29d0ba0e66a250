using System.Globalization;

namespace Tangle.Load;

/// <summary>What to run and against which server, from the command line.</summary>
internal sealed class LoadOptions
{
    /// <summary>A server already running; null means the harness starts its own.</summary>
    public Uri? Url { get; private set; }

    /// <summary>The process id of the server at <see cref="Url"/>, to read its memory; optional.</summary>
    public int? Pid { get; private set; }

    /// <summary>The built gateway to start; found beside the harness's own build when not given.</summary>
    public string? Gateway { get; private set; }

    public string? Out { get; private set; }

    /// <summary>How many times to run every phase; a started server is fresh for each run.</summary>
    public int Runs { get; private set; } = 1;

    /// <summary>Which phases to run: romeo, senders, delivery, initial, and the federation phases fed-messages, fed-join.</summary>
    public HashSet<string> Phases { get; private set; } = new(DefaultPhases, StringComparer.Ordinal);

    public int RomeoMessages { get; private set; } = 3287;

    public int Senders { get; private set; } = 10;

    public int MessagesPerSender { get; private set; } = 500;

    public int DeliveryMessages { get; private set; } = 300;

    public int DeliveryRatePerSecond { get; private set; } = 20;

    public int SyncRooms { get; private set; } = 100;

    public int SyncMessagesPerRoom { get; private set; } = 1000;

    /// <summary>Members of each initial-sync room besides the syncing user (the first <see cref="SyncSenders"/> of them talk).</summary>
    public int SyncMembers { get; private set; } = 20;

    public int SyncSenders { get; private set; } = 10;

    /// <summary>Messages hs1 sends one after another, as fast as it takes them, to a room hs2 is in.</summary>
    public int FedMessages { get; private set; } = 1000;

    /// <summary>Messages hs1 sends at <see cref="FedRatePerSecond"/> to the room hs2 is in.</summary>
    public int FedRateMessages { get; private set; } = 300;

    public int FedRatePerSecond { get; private set; } = 20;

    /// <summary>Members of the room on hs1 that a user of hs2 joins.</summary>
    public int FedMembers { get; private set; } = 10_000;

    /// <summary>State events of that room besides its members.</summary>
    public int FedStateEvents { get; private set; } = 5_000;

    /// <summary>
    /// Where that room's members are users: "hs3", a homeserver the harness plays (their joins reach hs1 over
    /// federation), or "hs1", registered and joined through hs1's client API.
    /// </summary>
    public string FedMembersOn { get; private set; } = "hs3";

    /// <summary>Requests the bulk loader keeps in flight while it builds that room.</summary>
    public int FedClients { get; private set; } = 16;

    /// <summary>The phases on one server (started by the harness or given with --url).</summary>
    public static readonly string[] DefaultPhases = ["romeo", "senders", "delivery", "initial"];

    /// <summary>The phases on two federating servers; the harness always starts them itself.</summary>
    public static readonly string[] FederationPhases = ["fed-messages", "fed-join"];

    public static readonly string[] AllPhases = [.. DefaultPhases, .. FederationPhases];

    /// <summary>Whether any phase needs the one server.</summary>
    public bool NeedsOneServer => Phases.Overlaps(DefaultPhases);

    public const string Usage = """
        Tangle load harness: drives a standalone Tangle over HTTP on loopback and prints its figures.

          --url URL                 use a server already running (loopback only) instead of starting one
          --pid PID                 with --url: the server's process id, to read its resident memory
          --gateway PATH            the Tangle.Gateway.dll to start (default: the build beside this harness)
          --runs N                  repeat every phase N times (a fresh server each time) and report medians (1)
          --phases a,b              any of romeo,senders,delivery,initial,fed-messages,fed-join
                                    (romeo,senders,delivery,initial)
          --out FILE.md             also write the table as Markdown
          --romeo-messages N        messages in the one-room sequential run (3287)
          --senders N               concurrent senders, each its own user and room (10)
          --messages-per-sender N   messages each concurrent sender sends (500)
          --delivery-messages N     messages sent while the receiver long-polls (300)
          --delivery-rate N         messages per second in the delivery run (20)
          --sync-rooms N            rooms of the initial-sync user (100)
          --sync-messages N         messages per room before the initial sync (1000)
          --sync-members N          other members per room; the first --sync-senders of them talk (20)
          --sync-senders N          users sending the messages, one room in N each (10)
          --fed-messages N          fed-messages: messages sent on hs1 as fast as they go (1000)
          --fed-rate-messages N     fed-messages: messages sent on hs1 at a steady rate (300)
          --fed-rate N              fed-messages: that rate, per second (20)
          --fed-members N           fed-join: members of the room on hs1, its owner included (10000)
          --fed-state-events N      fed-join: other state events of that room (5000)
          --fed-members-on hs3|hs1  fed-join: the members are users of hs3.test, a server the harness plays,
                                    or users registered on hs1 (hs3; see the README for why)
          --fed-clients N           fed-join: requests in flight while building that room (16)
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
                throw new ArgumentException(Usage);
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value\n\n{Usage}");
            var value = args[++i];
            switch (name)
            {
                case "--url": options.Url = LoopbackUrl(value); break;
                case "--pid": options.Pid = Number(name, value); break;
                case "--gateway": options.Gateway = value; break;
                case "--out": options.Out = value; break;
                case "--runs": options.Runs = Number(name, value); break;
                case "--phases": options.Phases = PhaseList(value); break;
                case "--romeo-messages": options.RomeoMessages = Number(name, value); break;
                case "--senders": options.Senders = Number(name, value); break;
                case "--messages-per-sender": options.MessagesPerSender = Number(name, value); break;
                case "--delivery-messages": options.DeliveryMessages = Number(name, value); break;
                case "--delivery-rate": options.DeliveryRatePerSecond = Number(name, value); break;
                case "--sync-rooms": options.SyncRooms = Number(name, value); break;
                case "--sync-messages": options.SyncMessagesPerRoom = Number(name, value); break;
                case "--sync-members": options.SyncMembers = Number(name, value); break;
                case "--sync-senders": options.SyncSenders = Number(name, value); break;
                case "--fed-messages": options.FedMessages = Number(name, value); break;
                case "--fed-rate-messages": options.FedRateMessages = Number(name, value); break;
                case "--fed-rate": options.FedRatePerSecond = Number(name, value); break;
                case "--fed-members": options.FedMembers = Number(name, value); break;
                case "--fed-state-events": options.FedStateEvents = Number(name, value); break;
                case "--fed-members-on":
                    options.FedMembersOn = value is "hs1" or "hs3" ? value : throw new ArgumentException($"--fed-members-on is hs1 or hs3, not '{value}'");
                    break;
                case "--fed-clients": options.FedClients = Number(name, value); break;
                default: throw new ArgumentException($"unknown option {name}\n\n{Usage}");
            }
        }

        if (options.SyncSenders > options.SyncMembers)
            throw new ArgumentException("--sync-senders cannot exceed --sync-members");
        if (options.Url is not null && options.Phases.Overlaps(FederationPhases))
            throw new ArgumentException("the federation phases start their own two servers; they cannot use --url");
        return options;
    }

    private static int Number(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive whole number, not '{value}'");

    private static HashSet<string> PhaseList(string value)
    {
        var phases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var phase in phases.Where(p => !AllPhases.Contains(p)))
            throw new ArgumentException($"unknown phase '{phase}'; phases are {string.Join(",", AllPhases)}");
        return phases;
    }

    /// <summary>The harness only ever talks to this machine.</summary>
    private static Uri LoopbackUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--url needs an http(s) URL, not '{value}'");
        if (!uri.IsLoopback)
            throw new ArgumentException($"--url must be a loopback address (127.0.0.1, [::1] or localhost), not '{uri.Host}'");
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }
}
