namespace Tangle.Sdk.Events;

/// <summary>Values of <c>membership</c> in <c>m.room.member</c>.</summary>
public static class Membership
{
    /// <summary>The user is joined.</summary>
    public const string Join = "join";

    /// <summary>The user is invited.</summary>
    public const string Invite = "invite";

    /// <summary>The user has left (or was kicked).</summary>
    public const string Leave = "leave";

    /// <summary>The user is banned.</summary>
    public const string Ban = "ban";

    /// <summary>The user has knocked.</summary>
    public const string Knock = "knock";
}

/// <summary>Values of <c>msgtype</c> in <c>m.room.message</c>.</summary>
public static class MessageTypes
{
    /// <summary>Plain text.</summary>
    public const string Text = "m.text";

    /// <summary>An action, like IRC's <c>/me</c>.</summary>
    public const string Emote = "m.emote";

    /// <summary>A notice, typically from a bot.</summary>
    public const string Notice = "m.notice";

    /// <summary>An image.</summary>
    public const string Image = "m.image";

    /// <summary>A file.</summary>
    public const string File = "m.file";

    /// <summary>Audio.</summary>
    public const string Audio = "m.audio";

    /// <summary>Video.</summary>
    public const string Video = "m.video";

    /// <summary>A location.</summary>
    public const string Location = "m.location";
}

/// <summary>Values of <c>rel_type</c> in <c>m.relates_to</c>.</summary>
public static class RelationTypes
{
    /// <summary>An annotation, e.g. a reaction.</summary>
    public const string Annotation = "m.annotation";

    /// <summary>A reference to another event.</summary>
    public const string Reference = "m.reference";

    /// <summary>A replacement (an edit).</summary>
    public const string Replace = "m.replace";

    /// <summary>A thread reply.</summary>
    public const string Thread = "m.thread";
}

/// <summary>Receipt types for <c>/receipt</c> and <c>/read_markers</c>.</summary>
public static class ReceiptTypes
{
    /// <summary>A public read receipt.</summary>
    public const string Read = "m.read";

    /// <summary>A private read receipt, seen only by the user's own devices.</summary>
    public const string ReadPrivate = "m.read.private";

    /// <summary>The fully-read marker.</summary>
    public const string FullyRead = "m.fully_read";
}
