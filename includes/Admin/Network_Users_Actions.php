<?php
/**
 * The plugin's actions on Network Admin → Users.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

use WP_User;

defined( 'ABSPATH' ) || exit;

/**
 * A "Sites…" row action on each person, and three bulk actions that lead to the
 * People screen with the people selected: add to sites, remove from sites,
 * remove from all sites.
 *
 * @since 2.1.0
 */
final class Network_Users_Actions {

	/**
	 * The bulk actions, as core's list names them, and the People screen's action each opens.
	 */
	private const BULK_ACTIONS = array(
		'wpmus-add-to-sites'          => 'add',
		'wpmus-remove-from-sites'     => 'remove',
		'wpmus-remove-from-all-sites' => 'remove-all',
	);

	/**
	 * Hooks the actions into core's list of the network's users.
	 *
	 * @since 2.1.0
	 */
	public function register(): void {
		add_filter( 'ms_user_row_actions', array( $this, 'row_actions' ), 10, 2 );
		add_filter( 'bulk_actions-users-network', array( $this, 'bulk_actions' ) );
		add_filter( 'handle_network_bulk_actions-users-network', array( $this, 'handle_bulk_action' ), 10, 3 );
	}

	/**
	 * Whether the current user may use the People screen.
	 */
	private function allowed(): bool {
		return current_user_can( Network_People_Page::CAPABILITY );
	}

	/**
	 * Whether the current user may add people to sites and remove them: the bulk actions
	 * lead to nothing else.
	 */
	private function may_change_people(): bool {
		return $this->allowed() && Network_People_Page::may_change_people();
	}

	/**
	 * Adds "Sites…" to a person's row.
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, string> $actions The row's actions.
	 * @param WP_User|mixed         $user    The person.
	 * @return array<string, string>
	 */
	public function row_actions( $actions, $user ): array {
		$actions = is_array( $actions ) ? $actions : array();
		if ( ! $user instanceof WP_User || ! $this->allowed() ) {
			return $actions;
		}
		$actions['wpmus-sites'] = sprintf(
			'<a href="%s" aria-label="%s">%s</a>',
			esc_url( Network_People_Page::url_for( array( $user->ID ) ) ),
			/* translators: %s: A person's login. */
			esc_attr( sprintf( __( 'Sites of %s, with their roles', 'wpm-user-sync' ), $user->user_login ) ),
			esc_html__( 'Sites…', 'wpm-user-sync' )
		);
		return $actions;
	}

	/**
	 * Adds the bulk actions to the list's menu.
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, string> $actions The list's bulk actions.
	 * @return array<string, string>
	 */
	public function bulk_actions( $actions ): array {
		$actions = is_array( $actions ) ? $actions : array();
		if ( ! $this->may_change_people() ) {
			return $actions;
		}
		$actions['wpmus-add-to-sites']          = __( 'Add to sites…', 'wpm-user-sync' );
		$actions['wpmus-remove-from-sites']     = __( 'Remove from sites…', 'wpm-user-sync' );
		$actions['wpmus-remove-from-all-sites'] = __( 'Remove from all sites', 'wpm-user-sync' );
		return $actions;
	}

	/**
	 * Sends a bulk action of ours to the People screen, with the people selected.
	 * Core checked the list's nonce and `manage_network_users` before; nothing is
	 * changed here: the screen previews first.
	 *
	 * @since 2.1.0
	 *
	 * @param string|false $sendback Where core would go back to.
	 * @param string       $action   The bulk action.
	 * @param array<mixed> $user_ids The people selected.
	 * @return string|false
	 */
	public function handle_bulk_action( $sendback, $action, $user_ids ) {
		if ( ! is_string( $action ) || ! isset( self::BULK_ACTIONS[ $action ] ) || ! $this->may_change_people() ) {
			return $sendback;
		}
		return Network_People_Page::url_for( (array) $user_ids, self::BULK_ACTIONS[ $action ] );
	}
}
