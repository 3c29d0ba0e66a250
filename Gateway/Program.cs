// The homeserver's front door. Until the Client-Server API lands there is nothing to serve.
Console.WriteLine("Tangle: nothing to run yet — the protocol core is built; the homeserver comes next.");
