<?php
/**
 * What every screen of the plugin has in common.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * One admin screen: a menu entry, a React app loaded on that screen only, its
 * first REST answers preloaded, and one root element to render into.
 *
 * Subclasses name the page (SLUG, kept from 1.3), who may open it (CAPABILITY)
 * and its app (ENTRY, a webpack entry of `build/`).
 *
 * @since 2.0.0
 */
abstract class Admin_Page {

	/**
	 * The page slug (`admin.php?page=…`).
	 */
	public const SLUG = '';

	/**
	 * Who may open the screen; the REST routes it uses check the same.
	 */
	public const CAPABILITY = '';

	/**
	 * The app, as named in webpack.config.js.
	 */
	public const ENTRY = '';

	/**
	 * Whether the built app was found when the screen loaded.
	 *
	 * @var bool
	 */
	private bool $app_loaded = false;

	/**
	 * The screen's title, in the browser's title bar and its heading.
	 *
	 * @since 2.0.0
	 */
	abstract public function page_title(): string;

	/**
	 * The screen's entry in the menu.
	 *
	 * @since 2.0.0
	 */
	abstract public function menu_title(): string;

	/**
	 * What the screen says to someone who may not open it.
	 *
	 * @since 2.0.0
	 */
	abstract protected function denied_message(): string;

	/**
	 * The REST paths the app asks for first.
	 *
	 * @since 2.0.0
	 *
	 * @return string[]
	 */
	protected function preload_paths(): array {
		return array();
	}

	/**
	 * Facts the app needs from PHP, printed as `data-*` attributes of its root
	 * element (a key `optionsUrl` becomes `data-options-url`).
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, string>
	 */
	protected function data(): array {
		return array();
	}

	/**
	 * Whether the current user may open the screen.
	 *
	 * @since 2.0.0
	 */
	public function can_open(): bool {
		return current_user_can( static::CAPABILITY );
	}

	/**
	 * The screen's address.
	 *
	 * @since 2.0.0
	 *
	 * @param bool $network Whether the page lives in Network Admin.
	 */
	public static function url( bool $network ): string {
		$path = 'admin.php?page=' . static::SLUG;
		return $network ? network_admin_url( $path ) : admin_url( $path );
	}

	/**
	 * Adds the screen under a top-level menu and loads its app when it opens.
	 *
	 * @since 2.0.0
	 *
	 * @param string $parent_slug The top-level menu's slug.
	 */
	public function add( string $parent_slug ): void {
		$hook = add_submenu_page(
			$parent_slug,
			$this->page_title(),
			$this->menu_title(),
			static::CAPABILITY,
			static::SLUG,
			array( $this, 'render' )
		);
		if ( $hook ) {
			add_action( "load-{$hook}", array( $this, 'load' ) );
		}
	}

	/**
	 * Enqueues the app only on its own screen.
	 *
	 * @since 2.0.0
	 */
	public function load(): void {
		add_action(
			'admin_enqueue_scripts',
			function (): void {
				$this->app_loaded = Asset_Loader::enqueue( static::ENTRY );
				if ( $this->app_loaded && array() !== $this->preload_paths() ) {
					Asset_Loader::preload( $this->preload_paths() );
				}
			}
		);
	}

	/**
	 * Prints the heading and the app's root element.
	 *
	 * @since 2.0.0
	 */
	public function render(): void {
		if ( ! $this->can_open() ) {
			wp_die( esc_html( $this->denied_message() ), 403 );
		}
		echo '<div class="wrap"><h1>' . esc_html( $this->page_title() ) . '</h1>';
		if ( ! $this->app_loaded ) {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'This screen could not be loaded: the plugin\'s build/ folder is missing. Reinstall the plugin from its release zip, or run "npm run build" in a development copy.', 'wpm-user-sync' ) . '</p></div>';
		}
		$attributes = '';
		foreach ( $this->data() as $name => $value ) {
			$attributes .= sprintf( ' data-%s="%s"', strtolower( (string) preg_replace( '/[A-Z]/', '-$0', $name ) ), esc_attr( $value ) );
		}
		printf( '<div id="%s"%s></div></div>', esc_attr( 'wpm-user-sync-' . static::ENTRY ), $attributes ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- Escaped above.
	}
}
