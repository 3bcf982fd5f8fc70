<?php
/**
 * A list named in a message, kept short whatever was sent.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync;

defined( 'ABSPATH' ) || exit;

/**
 * "99, 100, 101 and 2,997 more": how every message of the plugin names what it refuses.
 *
 * @since 2.0.1
 */
final class Short_List {

	/**
	 * How many items a message names.
	 */
	private const SHOWN = 3;

	/**
	 * Longest item shown whole: a name sent by a caller can be of any length.
	 */
	private const ITEM_LENGTH = 60;

	/**
	 * The first few items of a list and how many more there are.
	 *
	 * @since 2.0.1
	 *
	 * @param array<int|string> $items Items, in the order to show them.
	 */
	public static function of( array $items ): string {
		$names = array_map(
			static fn( $item ): string => mb_strlen( (string) $item ) > self::ITEM_LENGTH ? mb_substr( (string) $item, 0, self::ITEM_LENGTH ) . '…' : (string) $item,
			array_slice( array_values( $items ), 0, self::SHOWN )
		);
		$list  = implode( ', ', $names );
		$more  = count( $items ) - self::SHOWN;
		if ( $more <= 0 ) {
			return $list;
		}
		return sprintf(
			/* translators: 1: Comma-separated items, 2: How many more items there are. */
			__( '%1$s and %2$s more', 'wpm-user-sync' ),
			$list,
			number_format_i18n( $more )
		);
	}
}
