<?php
/**
 * Tests for the REST answers that the admin screens preload into an inline script.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Admin;

use WP_HTML_Tag_Processor;
use WPM_User_Sync\Admin\Asset_Loader;
use WPM_User_Sync\Tests\Support\TestCase;

final class Asset_Loader_Test extends TestCase {

	/**
	 * A site title that ends a script element, or opens an HTML comment that makes
	 * the parser swallow the real end of the script, when printed as it is.
	 */
	private const HOSTILE = 'Tom & Jerry </script><!--<script> <img src=x onerror=alert(1)>';

	protected function setUp(): void {
		parent::setUp();
		// Each test starts from core's scripts only, and leaves nothing queued behind.
		$GLOBALS['wp_scripts'] = null;
	}

	protected function tearDown(): void {
		$GLOBALS['wp_scripts'] = null;
		parent::tearDown();
	}

	/**
	 * The script printed after wp-api-fetch, as the page would print it.
	 */
	private function preload_script(): string {
		$after = wp_scripts()->get_data( 'wp-api-fetch', 'after' );
		$this->assertIsArray( $after );
		$ours = array_values(
			array_filter(
				$after,
				static fn( $script ): bool => is_string( $script ) && str_contains( $script, 'createPreloadingMiddleware' )
			)
		);
		$this->assertCount( 1, $ours, 'The preloaded answers were not added after wp-api-fetch.' );
		return $ours[0];
	}

	/**
	 * Preloads the site list that Network Admin → Actions loads first, with a site
	 * whose title a site administrator chose.
	 *
	 * @return int The site's ID.
	 */
	private function preload_hostile_site(): int {
		wp_set_current_user( $this->create_super_admin() );
		$site_id = $this->create_site( array( 'title' => self::HOSTILE ) );
		Asset_Loader::preload( array( '/wpm-user-sync/v1/sites?per_page=100' ) );
		return $site_id;
	}

	public function test_a_site_title_cannot_end_the_inline_script_or_open_a_comment_in_it(): void {
		$this->preload_hostile_site();
		$script = $this->preload_script();

		// WordPress 6.8 prints inline scripts as they are: the JSON must hold no markup.
		$this->assertStringNotContainsString( '<', $script );
		$this->assertStringNotContainsString( '>', $script );

		// An HTML parser sees one script element, then what follows it.
		$html      = wp_get_inline_script_tag( $script ) . '<p id="wpmus-after"></p>';
		$processor = new WP_HTML_Tag_Processor( $html );
		$this->assertTrue( $processor->next_tag() );
		$this->assertSame( 'SCRIPT', $processor->get_tag() );
		$this->assertTrue( $processor->next_tag(), 'The script swallowed the rest of the page.' );
		$this->assertSame( 'P', $processor->get_tag() );
		$this->assertSame( 'wpmus-after', $processor->get_attribute( 'id' ) );
		$this->assertFalse( $processor->next_tag() );
	}

	public function test_the_preloaded_answer_still_holds_the_title_as_it_is(): void {
		$site_id = $this->preload_hostile_site();
		$script  = $this->preload_script();

		$this->assertSame( 1, preg_match( '/createPreloadingMiddleware\( (.*) \) \);$/s', $script, $match ) );
		$responses = json_decode( $match[1], true );
		$this->assertIsArray( $responses );
		$sites = $responses['/wpm-user-sync/v1/sites?per_page=100']['body'] ?? null;
		$this->assertIsArray( $sites, 'The site list was not preloaded.' );
		$names = array_column( $sites, 'name', 'id' );
		// Plain text, decoded once: the screen shows it as text.
		$this->assertSame( self::HOSTILE, $names[ $site_id ] ?? null );
	}
}
