import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer';

@Entity({ name: 'channel_members' })
export class ChannelMemberEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'last_read_seq', type: 'bigint', default: 0, transformer: bigintToNumber })
  lastReadSeq!: number;

  /** The member's messages in the channel: their latest author_seq (see the channel-member-counters migration). */
  @Column({ name: 'authored_count', type: 'bigint', default: 0, transformer: bigintToNumber })
  authoredCount!: number;

  /** The member's author_seq at their read marker. */
  @Column({ name: 'read_author_seq', type: 'bigint', default: 0, transformer: bigintToNumber })
  readAuthorSeq!: number;

  /** Deleted messages of other members above the read marker (see the channel-member-deleted-above-marker migration). */
  @Column({ name: 'deleted_above_marker', type: 'bigint', default: 0, transformer: bigintToNumber })
  deletedAboveMarker!: number;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;
}
