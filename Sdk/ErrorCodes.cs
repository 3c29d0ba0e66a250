namespace Tangle.Sdk;

/// <summary>The standard Matrix error codes a client commonly branches on.</summary>
public static class ErrorCodes
{
    /// <summary>Forbidden access, e.g. joining a room without permission or a failed login.</summary>
    public const string Forbidden = "M_FORBIDDEN";

    /// <summary>The access token was not recognised.</summary>
    public const string UnknownToken = "M_UNKNOWN_TOKEN";

    /// <summary>No access token was specified for a request that needs one.</summary>
    public const string MissingToken = "M_MISSING_TOKEN";

    /// <summary>The request was malformed JSON.</summary>
    public const string BadJson = "M_BAD_JSON";

    /// <summary>The request body was not JSON.</summary>
    public const string NotJson = "M_NOT_JSON";

    /// <summary>No resource was found for the request.</summary>
    public const string NotFound = "M_NOT_FOUND";

    /// <summary>Too many requests were sent in too short a time.</summary>
    public const string LimitExceeded = "M_LIMIT_EXCEEDED";

    /// <summary>The server did not understand the request (an unknown endpoint).</summary>
    public const string Unrecognized = "M_UNRECOGNIZED";

    /// <summary>An unknown error; also used by this SDK when an error body carried no <c>errcode</c>.</summary>
    public const string Unknown = "M_UNKNOWN";

    /// <summary>The desired user ID is already taken.</summary>
    public const string UserInUse = "M_USER_IN_USE";

    /// <summary>The desired user ID is not a valid user name.</summary>
    public const string InvalidUsername = "M_INVALID_USERNAME";

    /// <summary>The room alias is already taken.</summary>
    public const string RoomInUse = "M_ROOM_IN_USE";

    /// <summary>A parameter was missing from the request.</summary>
    public const string MissingParam = "M_MISSING_PARAM";

    /// <summary>A parameter had an invalid value.</summary>
    public const string InvalidParam = "M_INVALID_PARAM";

    /// <summary>The request or entity was too large.</summary>
    public const string TooLarge = "M_TOO_LARGE";

    /// <summary>The account has been deactivated.</summary>
    public const string UserDeactivated = "M_USER_DEACTIVATED";

    /// <summary>The room version is not supported by the server.</summary>
    public const string UnsupportedRoomVersion = "M_UNSUPPORTED_ROOM_VERSION";

    /// <summary>A key backup's version is not the current one.</summary>
    public const string WrongRoomKeysVersion = "M_WRONG_ROOM_KEYS_VERSION";

    /// <summary>The server has not finished fetching remote media yet.</summary>
    public const string NotYetUploaded = "M_NOT_YET_UPLOADED";
}
