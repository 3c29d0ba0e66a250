using System.Reflection;

namespace Tangle.Grains.Federation;

/// <summary>The name and version this server reports to other servers.</summary>
public static class ServerVersion
{
    public const string Name = "Tangle";

    /// <summary>The build's informational version, without source revision metadata.</summary>
    public static string Version { get; } =
        (typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
