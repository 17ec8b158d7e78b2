// JoinWay: a customer group join way (群活码, `wecom_join_way`).

import { Construct } from 'constructs';
import { WecomJoinWay, WecomJoinWayConfig } from '../../generated/join-way';
import { JOIN_WAY_SCENES, joinWaySchema } from '../schema';
import { addWecomValidation, attributesOf } from './validation';

/** "miniprogram" (scene 1: a button in a mini-program) or "qrcode" (scene 2: a QR code). */
export type JoinWayScene = keyof typeof JOIN_WAY_SCENES;

export interface JoinWayProps {
  /** How customers join. Changing it replaces the join way. */
  readonly scene: JoinWayScene;
  /** Customer group chat ids, 1..5, in order of use (when one is full the next is used). */
  readonly chatIds: string[];
  /**
   * Remark for staff, at most 30 characters.
   * @default - none
   */
  readonly remark?: string;
  /**
   * Create a new group when all are full.
   * @default true
   */
  readonly autoCreateRoom?: boolean;
  /**
   * Name prefix of created groups, at most 40 characters.
   * @default - WeCom's default
   */
  readonly roomBaseName?: string;
  /**
   * First sequence number of created groups.
   * @default - WeCom's default
   */
  readonly roomBaseId?: number;
  /**
   * Channel marker returned in join events, at most 30 characters.
   * @default - none
   */
  readonly state?: string;
}

export class JoinWay extends Construct {
  public readonly resource: WecomJoinWay;
  public readonly scene: JoinWayScene;
  public readonly chatIds: readonly string[];
  public readonly remark?: string;
  public readonly autoCreateRoom: boolean;
  public readonly roomBaseName?: string;
  public readonly roomBaseId?: number;
  public readonly state?: string;

  public constructor(scope: Construct, id: string, props: JoinWayProps) {
    super(scope, id);
    this.scene = props.scene;
    this.chatIds = [...props.chatIds];
    this.remark = props.remark;
    this.autoCreateRoom = props.autoCreateRoom ?? true;
    this.roomBaseName = props.roomBaseName;
    this.roomBaseId = props.roomBaseId;
    this.state = props.state;
    const config: WecomJoinWayConfig = {
      scene: JOIN_WAY_SCENES[props.scene] ?? (props.scene as unknown as number),
      chatIdList: props.chatIds,
      remark: props.remark,
      autoCreateRoom: this.autoCreateRoom,
      roomBaseName: props.roomBaseName,
      roomBaseId: props.roomBaseId,
      state: props.state,
    };
    this.resource = new WecomJoinWay(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'JoinWay', joinWaySchema, () => attributesOf(joinWaySchema, config), {
      fieldNames: { chat_id_list: 'chatIds', auto_create_room: 'autoCreateRoom', room_base_name: 'roomBaseName', room_base_id: 'roomBaseId' },
    });
  }

  /** Join way id assigned by WeCom (known after apply). */
  public get configId(): string {
    return this.resource.configId;
  }

  /** QR code URL (scene "qrcode"; known after apply). */
  public get qrCode(): string {
    return this.resource.qrCode;
  }
}
