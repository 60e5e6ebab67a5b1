// Browser voice test: join the test call's LiveKit room with livekit-client, publish the
// microphone, play the agent's audio, show the connection state and a live transcript (the agent
// worker publishes transcriptions on the "lk.transcription" text stream).
// The server side is server/telephony/browser-test.ts (tRPC voiceTest.start); the page passes
// `startSession`, which calls it (e.g. through its action) and returns { url, token, callId }.
// When LiveKit is not configured the panel says what it would unlock instead.
// livekit-client is imported on first use: it is browser-only and not needed until then.
import { Mic, MicOff, PhoneCall, PhoneOff, Volume2 } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Room as LivekitRoom } from "livekit-client";
import { Alert } from "../ui/alert";
import { Badge, type BadgeVariant } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Spinner } from "../ui/spinner";

export interface VoiceTestSessionInfo {
  url: string;
  token: string;
  callId: string;
  roomName?: string;
}

export interface VoiceTestAvailabilityInfo {
  configured: boolean;
  unlocks: string;
  missing: string[];
}

export interface VoiceTestPanelProps {
  availability: VoiceTestAvailabilityInfo;
  /** Starts a voice test on the server (voiceTest.start) and returns how to join it. */
  startSession: () => Promise<VoiceTestSessionInfo>;
  /** Called when the session ends (the page can show the stored call). */
  onEnded?: (callId: string) => void;
  className?: string;
}

type Phase = "idle" | "starting" | "connecting" | "connected" | "reconnecting" | "ended" | "error";

const PHASE: Record<Phase, { label: string; variant: BadgeVariant }> = {
  idle: { label: "Not connected", variant: "outline" },
  starting: { label: "Starting…", variant: "secondary" },
  connecting: { label: "Connecting…", variant: "secondary" },
  connected: { label: "Connected", variant: "success" },
  reconnecting: { label: "Reconnecting…", variant: "warning" },
  ended: { label: "Ended", variant: "outline" },
  error: { label: "Failed", variant: "destructive" },
};

interface Line {
  id: string;
  who: "you" | "agent";
  text: string;
}

export function VoiceTestPanel({ availability, startSession, onEnded, className }: VoiceTestPanelProps) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [error, setError] = useState<string | null>(null);
  const [muted, setMuted] = useState(false);
  const [agentJoined, setAgentJoined] = useState(false);
  const [agentSpeaking, setAgentSpeaking] = useState(false);
  const [audioBlocked, setAudioBlocked] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const roomRef = useRef<LivekitRoom | null>(null);
  const callIdRef = useRef<string | null>(null);
  const audioRef = useRef<HTMLDivElement | null>(null);

  const cleanup = useCallback(async () => {
    const room = roomRef.current;
    roomRef.current = null;
    if (room) await room.disconnect().catch(() => undefined);
    audioRef.current?.replaceChildren();
  }, []);

  useEffect(() => () => void cleanup(), [cleanup]);

  async function start() {
    setError(null);
    setLines([]);
    setAgentJoined(false);
    setPhase("starting");
    try {
      const session = await startSession();
      callIdRef.current = session.callId;
      setPhase("connecting");
      const { Room, RoomEvent, Track, ConnectionState } = await import("livekit-client");
      const room = new Room({ adaptiveStream: true, dynacast: true, audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
      roomRef.current = room;

      room
        .on(RoomEvent.ConnectionStateChanged, (state) => {
          if (state === ConnectionState.Connected) setPhase("connected");
          else if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting) setPhase("reconnecting");
        })
        .on(RoomEvent.Disconnected, () => {
          setPhase((p) => (p === "error" ? p : "ended"));
          setAgentSpeaking(false);
          audioRef.current?.replaceChildren();
          if (callIdRef.current) onEnded?.(callIdRef.current);
        })
        .on(RoomEvent.ParticipantConnected, () => setAgentJoined(true))
        .on(RoomEvent.TrackSubscribed, (track) => {
          if (track.kind !== Track.Kind.Audio) return;
          const el = track.attach();
          el.setAttribute("data-testid", "agent-audio");
          audioRef.current?.appendChild(el);
          setAgentJoined(true);
        })
        .on(RoomEvent.TrackUnsubscribed, (track) => {
          track.detach().forEach((el) => el.remove());
        })
        .on(RoomEvent.ActiveSpeakersChanged, (speakers) => {
          setAgentSpeaking(speakers.some((s) => s.identity !== room.localParticipant.identity));
        })
        .on(RoomEvent.AudioPlaybackStatusChanged, () => setAudioBlocked(!room.canPlaybackAudio));

      room.registerTextStreamHandler("lk.transcription", (reader, participant) => {
        const segment = reader.info.attributes?.["lk.segment_id"] ?? reader.info.id;
        const who: Line["who"] = participant.identity === room.localParticipant.identity ? "you" : "agent";
        void reader.readAll().then((text) => {
          if (!text.trim()) return;
          setLines((prev) => {
            const i = prev.findIndex((l) => l.id === segment);
            if (i === -1) return [...prev, { id: segment, who, text }].slice(-50);
            const next = prev.slice();
            next[i] = { id: segment, who, text };
            return next;
          });
        });
      });

      await room.connect(session.url, session.token);
      await room.localParticipant.setMicrophoneEnabled(true);
      setMuted(false);
      await room.startAudio().catch(() => undefined);
      setAudioBlocked(!room.canPlaybackAudio);
      if (room.remoteParticipants.size > 0) setAgentJoined(true);
      setPhase("connected");
    } catch (err) {
      await cleanup();
      const message = err instanceof Error ? err.message : String(err);
      setError(
        /permission|NotAllowed/i.test(message)
          ? "The browser did not allow the microphone. Allow it for this site and try again."
          : /signal connection|websocket|fetch/i.test(message)
            ? `Could not connect to LiveKit (${message}). Check LIVEKIT_URL and that the server is reachable.`
            : message || "The voice test could not start.",
      );
      setPhase("error");
    }
  }

  async function toggleMute() {
    const room = roomRef.current;
    if (!room) return;
    await room.localParticipant.setMicrophoneEnabled(muted);
    setMuted(!muted);
  }

  async function hangUp() {
    await cleanup();
    setPhase("ended");
    setAgentSpeaking(false);
    if (callIdRef.current) onEnded?.(callIdRef.current);
  }

  if (!availability.configured) {
    return (
      <Card className={className}>
        <CardHeader>
          <CardTitle className="flex items-center gap-2 text-base">
            <PhoneCall className="h-4 w-4" aria-hidden /> Voice test
          </CardTitle>
          <CardDescription>{availability.unlocks}</CardDescription>
        </CardHeader>
        <CardContent>
          <Alert variant="info" title="Not available yet">
            Voice tests need LiveKit. Set {availability.missing.map((m, i) => (
              <span key={m}>
                {i > 0 ? (i === availability.missing.length - 1 ? " and " : ", ") : ""}
                <code className="rounded bg-muted px-1 text-xs">{m}</code>
              </span>
            ))}{" "}
            (see docs/telephony.md). Until then, test with text on this page.
          </Alert>
        </CardContent>
      </Card>
    );
  }

  const live = phase === "connected" || phase === "reconnecting";
  const busy = phase === "starting" || phase === "connecting";
  const state = PHASE[phase];

  return (
    <Card className={className}>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle className="flex items-center gap-2 text-base">
            <PhoneCall className="h-4 w-4" aria-hidden /> Voice test
          </CardTitle>
          <Badge variant={state.variant} data-testid="voice-test-state" aria-live="polite">
            {state.label}
          </Badge>
        </div>
        <CardDescription>Talk to the workflow with your microphone; the agent answers with its real voice.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {error ? (
          <Alert variant="destructive" title="Voice test failed">
            {error}
          </Alert>
        ) : null}
        {audioBlocked && live ? (
          <Alert variant="warning" title="Audio is blocked">
            <Button size="sm" variant="outline" onClick={() => void roomRef.current?.startAudio().then(() => setAudioBlocked(false))}>
              <Volume2 className="h-4 w-4" aria-hidden /> Play the agent's audio
            </Button>
          </Alert>
        ) : null}

        <div className="flex flex-wrap items-center gap-2">
          {live ? (
            <>
              <Button variant="outline" onClick={() => void toggleMute()} aria-pressed={muted}>
                {muted ? <MicOff className="h-4 w-4" aria-hidden /> : <Mic className="h-4 w-4" aria-hidden />}
                {muted ? "Unmute" : "Mute"}
              </Button>
              <Button variant="destructive" onClick={() => void hangUp()}>
                <PhoneOff className="h-4 w-4" aria-hidden /> Hang up
              </Button>
            </>
          ) : (
            <Button onClick={() => void start()} disabled={busy}>
              {busy ? <Spinner className="h-4 w-4" label="Connecting" /> : <PhoneCall className="h-4 w-4" aria-hidden />}
              {phase === "ended" || phase === "error" ? "Start another voice test" : "Start voice test"}
            </Button>
          )}
          {live ? (
            <span className="text-sm text-muted-foreground" aria-live="polite">
              {!agentJoined ? "Waiting for the agent to join…" : agentSpeaking ? "Agent is speaking…" : "Listening…"}
            </span>
          ) : null}
        </div>

        <div className="rounded-md border bg-muted/20 p-3" aria-label="Live transcript">
          {lines.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {live ? "The transcript appears here as you talk." : "Start a voice test to see a live transcript here."}
            </p>
          ) : (
            <ol className="max-h-72 space-y-2 overflow-y-auto text-sm">
              {lines.map((l) => (
                <li key={l.id} className={l.who === "you" ? "text-right" : ""}>
                  <span className="mr-1 text-xs font-medium text-muted-foreground">{l.who === "you" ? "You" : "Agent"}</span>
                  <span className={l.who === "you" ? "inline-block rounded-md bg-primary/10 px-2 py-1" : "inline-block rounded-md bg-secondary px-2 py-1"}>{l.text}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div ref={audioRef} hidden />
      </CardContent>
    </Card>
  );
}
