// Hanging up is deleting the room: LiveKit then ends every participant's leg, the SIP call included.
import { requireLivekit } from "../../server/telephony/livekit";

export async function hangUp(roomName: string): Promise<void> {
  try {
    await requireLivekit().rooms.deleteRoom(roomName);
  } catch (err) {
    // Already gone (the caller hung up first) is the common case and not an error.
    if (!/not.?found/i.test(String((err as Error)?.message ?? err))) throw err;
  }
}
