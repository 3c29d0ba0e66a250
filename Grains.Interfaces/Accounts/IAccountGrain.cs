using System.Text.Json;
using Orleans.Concurrency;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Accounts;

/// <summary>
/// A local user's account (key: user id): password hash, devices and their access tokens, profile,
/// account data, filters and push rules.
/// </summary>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Facts about the account (whether it exists, is deactivated, an admin, a guest).</summary>
    Task<AccountInfo> GetInfoAsync();

    /// <summary>Creates the account; M_USER_IN_USE if it exists.</summary>
    Task<Session> RegisterAsync(RegisterCommand command);

    /// <summary>Checks the password and creates (or replaces) a device session.</summary>
    Task<Session> LoginAsync(LoginCommand command);

    /// <summary>Whether <paramref name="password"/> is the account's password (for user-interactive auth).</summary>
    Task<bool> CheckPasswordAsync(string password);

    /// <summary>Ends a device's session and deletes the device.</summary>
    Task LogoutAsync(string deviceId);

    /// <summary>Ends every session of the account.</summary>
    Task LogoutAllAsync();

    /// <summary>The account's devices.</summary>
    Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync();

    /// <summary>Renames a device; M_NOT_FOUND if there is none.</summary>
    Task UpdateDeviceAsync(string deviceId, string? displayName);

    /// <summary>Deletes devices and their sessions.</summary>
    Task DeleteDevicesAsync(IReadOnlyList<string> deviceIds);

    /// <summary>Sets a new password, optionally logging out every other device.</summary>
    Task ChangePasswordAsync(string newPassword, bool logoutDevices, string? keepDeviceId);

    /// <summary>Deactivates the account: no more logins, all sessions ended.</summary>
    Task DeactivateAsync();

    Task<Profile> GetProfileAsync();

    /// <summary>Sets the display name and updates the user's membership in every joined room.</summary>
    Task SetDisplayNameAsync(string? displayName);

    /// <summary>Sets the avatar and updates the user's membership in every joined room.</summary>
    Task SetAvatarUrlAsync(string? avatarUrl);

    /// <summary>Global (room null) or per-room account data of a type, or null.</summary>
    Task<JsonElement?> GetAccountDataAsync(RoomId? room, string type);

    /// <summary>Stores account data and tells the user's inbox.</summary>
    Task SetAccountDataAsync(RoomId? room, string type, JsonElement content);

    /// <summary>
    /// Sets (content an object) or removes (content null) one tag in the room's m.tag account data,
    /// in one turn so that concurrent changes to a room's tags all hold.
    /// </summary>
    Task SetRoomTagAsync(RoomId room, string tag, JsonElement? content);

    /// <summary>Account data changed after <paramref name="serial"/> (all of it for 0).</summary>
    Task<IReadOnlyList<AccountDataEntry>> GetAccountDataSinceAsync(long serial);

    /// <summary>Stores a filter definition and returns its id.</summary>
    Task<string> CreateFilterAsync(JsonElement filter);

    /// <summary>A stored filter, or null.</summary>
    Task<JsonElement?> GetFilterAsync(string filterId);

    /// <summary>The user's push rules: the specification's defaults with the user's changes.</summary>
    [AlwaysInterleave]
    Task<JsonElement> GetPushRulesAsync();

    /// <summary>A number that changes whenever the user's push rules change (0 while they are the defaults), for caches.</summary>
    [AlwaysInterleave]
    Task<long> GetPushRulesSerialAsync();

    /// <summary>Creates or replaces a user-defined push rule of a kind, optionally placed before or after another user rule.</summary>
    Task SetPushRuleAsync(string kind, string ruleId, JsonElement rule, string? before, string? after);

    /// <summary>Deletes a user-defined push rule; server-default rules cannot be deleted.</summary>
    Task DeletePushRuleAsync(string kind, string ruleId);

    /// <summary>Enables or disables a push rule (user-defined or server-default).</summary>
    Task SetPushRuleEnabledAsync(string kind, string ruleId, bool enabled);

    /// <summary>Sets the actions of a push rule (user-defined or server-default).</summary>
    Task SetPushRuleActionsAsync(string kind, string ruleId, JsonElement actions);
}
